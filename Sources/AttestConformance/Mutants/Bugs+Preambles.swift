import AttestParallel
import AttestTensor

// Bugs sequence-parallel preambles are known for (issue 5 §6; notes §6), each
// one replaced step of `UlyssesSteps` or `RingSteps`.

/// Ulysses joins the received sequence blocks in reverse source-rank order
/// (the wrong-order all-to-all of DeepSpeed PR #5664).
struct AllToAllBlocksReversed: UlyssesSteps {
    func joinSequenceBlocks(_ blocks: [AnyTensor]) throws -> AnyTensor {
        try UlyssesContractSteps().joinSequenceBlocks(blocks.reversed())
    }
}

/// Ulysses replicates kv heads as a tile (h0, h1, h0, h1) instead of
/// adjacently, so with Hkv < P a rank's q heads read another group's kv head
/// (VeOmni PR #162's kv repeat on the wrong axis).
struct KeyValueReplicationTiled: UlyssesSteps {
    func replicateHeads(_ x: AnyTensor, factor: Int) throws -> AnyTensor {
        guard factor > 1 else { return x }
        let s = x.shape
        return try x.unsqueeze(axis: 2).expand(to: [s[0], s[1], factor, s[2], s[3]]).reshape([s[0], s[1], s[2] * factor, s[3]]).copy()
    }
}

/// Ulysses reads each received `[B, S_i, H, D]` block as if it were
/// sequence-first `[S_i, B, H, D]`, mixing batch entries when B > 1
/// (DeepSpeed issue #5808).
struct BatchMixedUp: UlyssesSteps {
    func joinSequenceBlocks(_ blocks: [AnyTensor]) throws -> AnyTensor {
        try UlyssesContractSteps().joinSequenceBlocks(try blocks.map { b in
            let s = b.shape
            return try b.reshape([s[1], s[0], s[2], s[3]]).permute([1, 0, 2, 3]).contiguous()
        })
    }
}

/// Ring: every block result replaces the row instead of being merged with
/// the running (o, lse): the merge reads every running lse as −∞.
struct MergeIgnoresRunningLSE: RingSteps {
    func runningLSE(_ lse: Double) -> Double { -.infinity }
}

/// Ring: masks every held block as if it held the rank's own keys (the
/// causal offset of the wrong rank).
struct CausalOffsetOfWrongRank: RingSteps {
    func maskingRank(rank: Int, step: Int, world: Int) -> Int { rank }
}
