/// The steps of `RingPreamble` that a variant may replace, each with the
/// contract's behaviour as its default: the preamble's own forward code has
/// no branch for variants. The mutant zoo builds its ring mutants from these
/// hooks (`Sources/AttestConformance/Mutants/`), as kernel mutants are built
/// from `AttentionSteps`.
public protocol RingSteps: Sendable {
    /// The rank whose key positions mask the key/value block that rank `rank`
    /// holds at ring step `step` of `world`. Default: the block's owner,
    /// `(rank − step) mod P`.
    func maskingRank(rank: Int, step: Int, world: Int) -> Int
    /// A row's running lse as the log-sum-exp merge reads it before merging a
    /// block into it (−∞ makes the block replace the row). Default: unchanged.
    func runningLSE(_ lse: Double) -> Double
}

extension RingSteps {
    public func maskingRank(rank: Int, step: Int, world: Int) -> Int { (rank - step + world) % world }
    public func runningLSE(_ lse: Double) -> Double { lse }
}

/// The contract's ring steps: every default.
public struct RingContractSteps: RingSteps {
    public init() {}
}
