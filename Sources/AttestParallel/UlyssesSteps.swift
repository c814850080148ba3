import AttestCore
import AttestTensor

/// The steps of `UlyssesPreamble` that a variant may replace, each with the
/// contract's behaviour as its default: the preamble's own forward code has
/// no branch for variants. The mutant zoo builds its Ulysses mutants from
/// these hooks (`Sources/AttestConformance/Mutants/`), as kernel mutants are
/// built from `AttentionSteps`.
public protocol UlyssesSteps: Sendable {
    /// Step 0, kv replication when Hkv < P: `[B, S, H, X] → [B, S, H·factor, X]`.
    /// Default: every head repeated `factor` times adjacently (`repeat_interleave`).
    func replicateHeads(_ x: AnyTensor, factor: Int) throws -> AnyTensor
    /// Step 1, after the sequence → heads all-to-all: joins the blocks
    /// `[B, S_i, H_r, X]` received from ranks i = 0 ..< P into `[B, S, H_r, X]`.
    /// Default: along the sequence axis in source-rank order.
    func joinSequenceBlocks(_ blocks: [AnyTensor]) throws -> AnyTensor
}

extension UlyssesSteps {
    public func replicateHeads(_ x: AnyTensor, factor: Int) throws -> AnyTensor {
        try LocalCall.repeatHeads(x, factor)
    }

    public func joinSequenceBlocks(_ blocks: [AnyTensor]) throws -> AnyTensor {
        AnyTensor.concatenating(blocks, axis: 1)
    }
}

/// The contract's Ulysses steps: every default.
public struct UlyssesContractSteps: UlyssesSteps {
    public init() {}
}
