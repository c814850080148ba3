import AttestCore
import AttestParallel

/// A deliberately broken preamble: the Ulysses or ring preamble run with one
/// of its steps (`UlyssesSteps`, `RingSteps`) replaced by a bug real
/// sequence-parallel code has shipped, as a `MutantKernel` is
/// `SteppedAttention` with one `AttentionSteps` step replaced. It takes the
/// parameters of the preamble it breaks (`world`, `timeout`, and `layout` for
/// the ring) and reports its mutant name, so its specification
/// (`mutant/ulysses-a2a-order:world=4`) resolves back to it.
public struct MutantPreamble: Sendable {
    /// `mutant/<preamble>-<bug>`.
    public let name: String
    /// The bug in one line, with the public report it mirrors.
    public let bug: String
    /// Its registry entry.
    public let factory: PreambleFactory

    init(ulysses slug: String, _ steps: any UlyssesSteps, bug: String) {
        name = "mutant/ulysses-\(slug)"
        self.bug = bug
        factory = UlyssesPreamble.factory(name: name, summary: "MUTANT: \(bug)", steps: steps, standard: [])
    }

    init(ring slug: String, _ steps: any RingSteps, bug: String) {
        name = "mutant/ring-\(slug)"
        self.bug = bug
        factory = RingPreamble.factory(name: name, summary: "MUTANT: \(bug)", steps: steps, standard: [])
    }
}

/// The preamble half of the mutant zoo, registered as `mutant/ulysses-<bug>`
/// and `mutant/ring-<bug>`. `attest certify --kernel reference --preamble
/// mutant/ulysses-a2a-order:world=4` must not certify; the tests in
/// `StackCertificationTests` hold the suite to that.
public enum PreambleMutants {
    /// Every mutant preamble, in a fixed order.
    public static let zoo: [MutantPreamble] = [
        MutantPreamble(ulysses: "a2a-order", AllToAllBlocksReversed(),
                       bug: "Ulysses joins the all-to-all's sequence blocks in reverse source-rank order (DeepSpeed PR #5664)"),
        MutantPreamble(ulysses: "kv-tiled", KeyValueReplicationTiled(),
                       bug: "Ulysses does not replicate kv heads per group when Hkv < P: repeats them as a tile (h0, h1, h0, h1), so q heads read another group's kv head (VeOmni PR #162)"),
        MutantPreamble(ulysses: "batch-mixed", BatchMixedUp(),
                       bug: "Ulysses reads each received [B, S_i, H, D] block as sequence-first [S_i, B, H, D]: batch entries mix when B > 1 (DeepSpeed issue #5808)"),
        MutantPreamble(ring: "merge-ignores-lse", MergeIgnoresRunningLSE(),
                       bug: "ring merge ignores the running lse: each block's result replaces the row instead of being merged by log-sum-exp"),
        MutantPreamble(ring: "wrong-rank-offset", CausalOffsetOfWrongRank(),
                       bug: "ring masks every held key block with the positions of the rank's own block (the causal offset of the wrong rank)"),
    ]

    /// Every mutant preamble's registry entry, in `zoo` order. Never part of
    /// `Catalog.preambles()`: the `attest` tool registers them for `certify`
    /// and `fuzz`, and `attest list` shows them with `--mutants`.
    public static var factories: [PreambleFactory] { zoo.map(\.factory) }

    /// Registers every mutant preamble in `registry`.
    public static func register(in registry: PreambleRegistry) throws {
        for factory in factories { try registry.register(factory) }
    }
}
