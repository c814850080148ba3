/// Deliberate, documented bugs a preamble can be built with, so the
/// conformance suite can prove its tests catch the bugs sequence parallelism
/// is known for (issue 5 §6; notes §6). Always nil in normal use; the
/// factories never create a mutant.
public enum PreambleMutation: String, Sendable, CaseIterable {
    /// Ulysses: joins the received sequence blocks in reverse source-rank order
    /// (the wrong-order all-to-all of DeepSpeed PR #5664).
    case allToAllBlocksReversed = "a2a-blocks-reversed"
    /// Ulysses: replicates kv heads as a tile (h0, h1, h0, h1) instead of
    /// adjacently, so with Hkv < P a rank's q heads read another group's kv head
    /// (VeOmni PR #162's kv repeat on the wrong axis).
    case kvReplicationTiled = "kv-tiled"
    /// Ulysses: reads each received `[B, S_i, H, D]` block as if it were
    /// sequence-first `[S_i, B, H, D]`, mixing batch entries when B > 1
    /// (DeepSpeed issue #5808).
    case batchMixedUp = "batch-mixed"
    /// Ring: every block result replaces the row instead of being merged with
    /// the running (o, lse).
    case mergeIgnoresRunningLSE = "merge-ignores-lse"
    /// Ring: masks every held block as if it held the rank's own keys (the
    /// causal offset of the wrong rank).
    case causalOffsetOfWrongRank = "wrong-rank-offset"

    /// Whether the mutation belongs to the Ulysses preamble (else to the ring).
    public var isUlysses: Bool {
        switch self {
        case .allToAllBlocksReversed, .kvReplicationTiled, .batchMixedUp: true
        case .mergeIgnoresRunningLSE, .causalOffsetOfWrongRank: false
        }
    }
}
