import AttestCore

extension PreambleMutation {
    /// The registry name of the mutant preamble, `mutant/<preamble>-<bug>`.
    /// A mutated preamble reports it as its `name`, so its specification
    /// (`mutant/ulysses-a2a-order:world=4`) resolves back to the same mutant.
    public var registryName: String {
        switch self {
        case .allToAllBlocksReversed: "mutant/ulysses-a2a-order"
        case .kvReplicationTiled: "mutant/ulysses-kv-tiled"
        case .batchMixedUp: "mutant/ulysses-batch-mixed"
        case .mergeIgnoresRunningLSE: "mutant/ring-merge-ignores-lse"
        case .causalOffsetOfWrongRank: "mutant/ring-wrong-rank-offset"
        }
    }

    /// The bug in one line, with the public report it mirrors.
    public var bug: String {
        switch self {
        case .allToAllBlocksReversed:
            "Ulysses joins the all-to-all's sequence blocks in reverse source-rank order (DeepSpeed PR #5664)"
        case .kvReplicationTiled:
            "Ulysses does not replicate kv heads per group when Hkv < P: repeats them as a tile (h0, h1, h0, h1), so q heads read another group's kv head (VeOmni PR #162)"
        case .batchMixedUp:
            "Ulysses reads each received [B, S_i, H, D] block as sequence-first [S_i, B, H, D]: batch entries mix when B > 1 (DeepSpeed issue #5808)"
        case .mergeIgnoresRunningLSE:
            "ring merge ignores the running lse: each block's result replaces the row instead of being merged by log-sum-exp"
        case .causalOffsetOfWrongRank:
            "ring masks every held key block with the positions of the rank's own block (the causal offset of the wrong rank)"
        }
    }

    /// The registry entry of the mutant: the parameters of the preamble it
    /// breaks (`world`, `timeout`, and `layout` for the ring).
    public var factory: PreambleFactory {
        let base = isUlysses ? UlyssesPreamble.factory : RingPreamble.factory
        let mutation = self
        return PreambleFactory(name: registryName, summary: "MUTANT: \(bug)", parameters: base.parameters) { values in
            let correct = try base.make(values)
            if let u = correct as? UlyssesPreamble {
                return UlyssesPreamble(world: u.world, timeout: u.timeout, mutation: mutation)
            }
            guard let r = correct as? RingPreamble else {
                preconditionFailure("\(base.name)'s factory made a \(type(of: correct))")
            }
            return RingPreamble(world: r.world, layout: r.layout, timeout: r.timeout, mutation: mutation)
        }
    }

    /// Every mutant preamble's registry entry, in declaration order. Never
    /// part of `Catalog.preambles()`: the `attest` tool registers them for
    /// `certify` and `fuzz`, and `attest list` shows them with `--mutants`.
    public static var factories: [PreambleFactory] { allCases.map(\.factory) }
}
