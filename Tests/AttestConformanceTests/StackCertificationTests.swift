import AttestCatalog
import AttestConformance
import AttestCore
import AttestParallel
import Testing

/// Certification of sequence-parallel stacks (issue 5 §6): the standard
/// stacks over the reference certify, and every mutant preamble is rejected
/// with failing cases that point at its bug. Both run on the `stacks`
/// profile (96 cases every stack can take, ~7 s per stack in a debug build);
/// the 857-case `standard` profile takes ~150 s per stack in a debug build,
/// so it runs in `make report` instead.
struct StackCertificationTests {
    static func registries() throws -> (KernelRegistry, PreambleRegistry) {
        let preambles = Catalog.preambleRegistry()
        try PreambleMutants.register(in: preambles)
        return (Catalog.kernelRegistry(), preambles)
    }

    static func stack(_ specs: [String]) throws -> any AttentionKernel {
        let (kernels, preambles) = try registries()
        let configuration = AttentionConfiguration(kernel: "reference", preambles: try specs.map(PreambleSpec.init(parsing:)))
        return try configuration.resolve(kernels: kernels, preambles: preambles)
    }

    static let goodStacks: [[String]] = [
        ["ulysses:world=4"],
        ["ring:world=4"],
        ["ring:world=4,layout=zigzag"],
        ["ulysses:world=4", "ring:world=2"],
        ["ulysses:world=2", "ring:world=2,layout=zigzag"],
    ]

    @Test(arguments: goodStacks)
    func standardStackCertifies(_ specs: [String]) throws {
        let run = try Fixture.run(try Self.stack(specs), profile: "stacks")
        expectCertified(run, "\(specs) on stacks")
        #expect(run.results.allSatisfy { $0.verdict == .pass }, "\(specs): every stacks case is meant to fit every standard stack")
    }

    /// What each mutant's failures must look like: every failing case has the
    /// trigger of the bug (so a failure points at it), and some failing case
    /// has the `witness` property (so the suite sees the bug where it shows).
    struct Expectation: Sendable, CustomStringConvertible {
        /// The mutant's registry name.
        var mutant: String
        var preamble: String
        var trigger: String
        var isTriggered: @Sendable (CaseSpec) -> Bool
        var witness: String
        var isWitness: @Sendable (CaseResult, CaseSpec) -> Bool
        var description: String { preamble }
    }

    /// Whether the case's scores depend on the query and key positions (a mask, bias or ALiBi).
    static func isPositional(_ id: CaseSpec) -> Bool { !id.problem.mask.isEmpty || id.problem.bias || id.problem.alibi }
    static func isDense(_ id: CaseSpec) -> Bool { !isPositional(id) }

    static let expectations: [Expectation] = [
        Expectation(mutant: "mutant/ulysses-a2a-order", preamble: "mutant/ulysses-a2a-order:world=4",
                    trigger: "any case (blocks of every tensor are misplaced)", isTriggered: { _ in true },
                    witness: "a dense case with no mask fails: the bug is the re-sharding, not a feature",
                    isWitness: { _, id in isDense(id) }),
        Expectation(mutant: "mutant/ulysses-kv-tiled", preamble: "mutant/ulysses-kv-tiled:world=4",
                    trigger: "1 < Hkv < P (kv heads must be replicated, and the tile differs from repeat-interleave)",
                    isTriggered: { id in id.problem.dims.keyValueHeads > 1 && id.problem.dims.keyValueHeads < 4 },
                    witness: "a GQA case fails", isWitness: { r, _ in r.tags.contains("gqa") }),
        Expectation(mutant: "mutant/ulysses-batch-mixed", preamble: "mutant/ulysses-batch-mixed:world=4",
                    trigger: "B > 1", isTriggered: { id in id.problem.dims.batch > 1 },
                    witness: "a B > 1 dense case fails", isWitness: { _, id in id.problem.dims.batch > 1 && isDense(id) }),
        Expectation(mutant: "mutant/ring-merge-ignores-lse", preamble: "mutant/ring-merge-ignores-lse:world=4",
                    trigger: "any case (every row merges several blocks)", isTriggered: { _ in true },
                    witness: "a dense case fails with a wrong lse",
                    isWitness: { r, id in isDense(id) && r.errors.contains { $0.tensor == "lse" && !$0.passed } }),
        Expectation(mutant: "mutant/ring-wrong-rank-offset", preamble: "mutant/ring-wrong-rank-offset:world=4",
                    trigger: "a position-dependent mask, bias or ALiBi",
                    isTriggered: isPositional,
                    witness: "a causal case fails", isWitness: { r, _ in r.tags.contains("causal_tl") || r.tags.contains("causal_br") }),
    ]

    @Test(arguments: expectations)
    func mutantPreambleIsRejected(_ e: Expectation) throws {
        let kernel = try Self.stack([e.preamble])
        #expect(kernel.name.hasPrefix(e.mutant + ":"), "\(kernel.name) is not the mutant \(e.mutant)")
        let run = try Fixture.run(kernel, profile: "stacks")
        #expect(run.verdict == .notCertified, "\(e.preamble) was \(run.verdict.rawValue)")
        let failing = run.results.filter { $0.verdict.blocks }
        #expect(!failing.isEmpty, "\(e.preamble): no failing case")
        for result in failing {
            #expect(result.verdict == .fail, "\(e.preamble): \(result.id) is \(result.verdict.rawValue), expected FAIL: \(result.reason ?? "")")
            let id = try CaseSpec(parsing: result.id)
            #expect(e.isTriggered(id), "\(e.preamble) fails \(result.id), which lacks the trigger: \(e.trigger)")
        }
        #expect(try failing.contains { e.isWitness($0, try CaseSpec(parsing: $0.id)) }, "\(e.preamble): expected \(e.witness)")
    }

    @Test func everyPreambleMutantHasAnExpectation() {
        #expect(Self.expectations.map(\.mutant) == PreambleMutants.zoo.map(\.name))
        #expect(Set(PreambleMutants.factories.map(\.name)).count == PreambleMutants.zoo.count)
        #expect(PreambleMutants.factories.allSatisfy { $0.name.hasPrefix("mutant/") })
        #expect(!Catalog.preambles().contains { $0.name.hasPrefix("mutant/") }, "mutant preambles must not ship in the catalog")
    }
}
