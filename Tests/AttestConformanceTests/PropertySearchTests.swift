import AttestCatalog
import AttestConformance
import AttestCore
import AttestFixtures
import Foundation
import AttestReference
import AttestTensor
import PropertyBased
import Testing

/// Section 6 of the conformance issue: random problems beyond the fixed
/// profile, generated and shrunk by swift-property-based, run through every
/// registered non-mutant kernel behind every standard preamble stack and
/// judged by the runner (`FuzzSearch.check` = `InProcessExecutor` with the
/// tolerance policy). A failure prints the shrunk problem and the
/// `.fixedSeed(...)` that reproduces it.
@Suite struct PropertySearchTests {
    /// Problems per configuration: tens, small shapes, so `swift test` stays quick.
    static let iterations = 25

    /// A configuration of `StandardConfigurations.everyKernel` (every shipped
    /// kernel, bare and behind each stack a preamble declares over every kernel)
    /// with its resolved stack.
    struct Target: Sendable, CustomStringConvertible {
        let configuration: AttentionConfiguration
        let kernel: any AttentionKernel
        var description: String { configuration.description }

        static func all() throws -> [Target] {
            let kernels = Catalog.kernelRegistry(), preambles = Catalog.preambleRegistry()
            return try StandardConfigurations.everyKernel(kernels: kernels, preambles: preambles).map {
                Target(configuration: $0, kernel: try $0.resolve(kernels: kernels, preambles: preambles))
            }
        }
    }

    @Test(arguments: try Target.all())
    func randomProblemsConform(_ target: Target) async {
        let search = FuzzSearch(kernel: target.kernel)
        await propertyCheck(count: Self.iterations, input: FuzzGenerators.problem) { problem in
            let outcome = search.check(problem)
            #expect(!outcome.isFailure, "\(target) fails \(problem): \(outcome)")
        }
    }

    /// The mutants of issue 12's families whose triggers the random search
    /// never draws: shapes (D > 64, Skv > 128, decode against Skv > 256, caches
    /// past 2^16 keys, windows wider than a tile; `FuzzProblem.Ranges`) and content (non-finite values in
    /// hidden slots, more than 8 packed sequences, more than 8 kv heads with GQA,
    /// strided heads wider than 64). Only the profiles' families reject them
    /// (`docs/mutants.md`, `docs/coverage.md`); teaching `FuzzProblem` these
    /// triggers is open work.
    static let beyondTheSearch: Set<String> = [
        "mutant/last-tile-padding-visible", "mutant/head-dim-first-64", "mutant/split-kv-empty-lse-zero", "mutant/window-tiles-rounded",
        "mutant/kv-index-16-bit",
        "mutant/pv-over-hidden-keys", "mutant/packed-search-depth-3", "mutant/gqa-index-mod-8", "mutant/wide-head-packed-offset",
    ]

    /// The search bites: for every mutant (but `beyondTheSearch`) it finds a
    /// failing problem within a fixed budget of problems from a fixed seed,
    /// shrinking keeps it failing, and the printed problem seed replays the failure.
    @Test(arguments: Mutants.all.map(\.name).filter { !beyondTheSearch.contains($0) })
    func searchFindsAndShrinksMutantFailures(_ name: String) throws {
        let mutant = try #require(Mutants.all.first { $0.name == name })
        var budget = 200
        let (checked, findings) = FuzzSearch(kernel: mutant).run(seed: 42, shouldStop: {
            budget -= 1
            return budget < 0
        })
        let finding = try #require(findings.first, "no failure of \(name) in \(checked) problems")
        #expect(FuzzSearch(kernel: mutant).check(finding.shrunk).isFailure, "the shrunk problem of \(name) passes")
        #expect(FuzzSearch(kernel: mutant).check(FuzzProblem.random(seed: finding.problemSeed)).isFailure,
                "the printed problem seed of \(name) does not reproduce its failure")
    }

    /// A finding written as a fixture reproduces: loading the file and judging
    /// the stored call against the stored golden fails the mutant and passes
    /// the reference.
    @Test func findingsWrittenAsFixturesReproduce() throws {
        let mutant = try #require(Mutants.all.first { $0.name == "mutant/window-off-by-one" })
        var budget = 300
        let (_, findings) = FuzzSearch(kernel: mutant).run(seed: 3, shouldStop: { budget -= 1; return budget < 0 })
        let finding = try #require(findings.first, "no failure of \(mutant.name) found")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attest-fuzz-\(UUID().uuidString).h5")
        defer { try? FileManager.default.removeItem(at: url) }
        try FuzzFixtures.write([finding], configuration: mutant.name, to: url)
        let file = try FixtureFile(path: url.path)
        #expect(try file.verify().cases == 1)
        let stored = try #require(try file.cases().first)
        #expect(stored.id.hasPrefix("fwd:golden:fuzz:") && stored.id.hasSuffix(";seed=\(finding.shrunk.seed)"), "\(stored.id)")
        let loaded = try file.load(stored)
        let testCase = ConformanceCase(id: stored.id, tags: ["fuzz"]) {
            CaseProblem(args: loaded.arguments, golden: loaded.expectedOutput, goldenLSE: loaded.expectedLogSumExp)
        }
        let replay = { (kernel: any AttentionKernel) in InProcessExecutor().execute(testCase, kernel: kernel).verdict }
        #expect(replay(mutant) == .fail, "the fixture does not reproduce the failure of \(mutant.name)")
        #expect(replay(ReferenceAttention()) == .pass, "the reference fails the fixture it wrote")
    }

    /// Every drawn problem is a valid call (the generator never produces
    /// something the contract rejects) and the reference judges itself PASS.
    @Test func drawnProblemsAreValidAndTheReferencePassesThem() throws {
        var rng = SeededGenerator(seed: 7)
        let search = FuzzSearch(kernel: ReferenceAttention())
        for _ in 0 ..< 40 {
            let problem = FuzzProblem.random(using: &rng)
            #expect(throws: Never.self, "\(problem)") { try problem.arguments().validate() }
            #expect(search.check(problem) == .pass, "\(problem)")
        }
    }
}

/// swift-property-based generators of `FuzzProblem`, over `FuzzProblem.Ranges`.
/// Every optional feature is an integer whose 0 means "absent", so shrinking
/// removes features and shrinks sizes toward 1.
enum FuzzGenerators {
    static let shape = zip(Gen.int(in: 0 ... 3), Gen.int(in: FuzzProblem.Ranges.batch), Gen.int(in: FuzzProblem.Ranges.length),
                           Gen.int(in: FuzzProblem.Ranges.length), Gen.int(in: FuzzProblem.Ranges.keyValueHeads),
                           Gen.int(in: FuzzProblem.Ranges.groupSize), Gen.int(in: FuzzProblem.Ranges.headDim),
                           Gen.int(in: 0 ... FuzzProblem.Ranges.headDim.upperBound))
    /// causal (0 none, 1 top-left, 2 bottom-right), window (0 none, 1 present),
    /// its left and right edges (the value above `windowEdge` is unbounded),
    /// key padding, query padding, packed.
    static let unbounded = FuzzProblem.Ranges.windowEdge.upperBound + 1
    static let masks = zip(Gen.int(in: 0 ... 2), Gen.int(in: 0 ... 1), Gen.int(in: FuzzProblem.Ranges.windowEdge.lowerBound ... unbounded),
                           Gen.int(in: FuzzProblem.Ranges.windowEdge.lowerBound ... unbounded), Gen.int(in: 0 ... 1),
                           Gen.int(in: 0 ... 1), Gen.int(in: 0 ... 1))
    /// boolean mask and bias broadcast (0 none), alibi, softcap, scale (0 none), layout, data seed.
    /// Large logits (`FuzzProblem.largeLogits`) are drawn for a quarter of the
    /// problems, from the data seed (the zip takes at most seven generators).
    static let extras = zip(Gen.int(in: 0 ... 4), Gen.int(in: 0 ... 4), Gen.int(in: 0 ... 1), Gen.int(in: 0 ... 3),
                            Gen.int(in: 0 ... 3), Gen.int(in: 0 ... 3), Gen.uint64(in: 0 ... UInt64(Int64.max)))

    static let problem = zip(shape, masks, extras).map { s, m, e in
        let edge: (Int) -> Int? = { $0 == unbounded ? nil : $0 }
        let dtype = DType.allCases[s.0]
        return FuzzProblem(
            dtype: dtype, batch: s.1, queryLength: s.2, keyLength: s.3, keyValueHeads: s.4, groupSize: s.5,
            headDim: s.6, valueDim: s.7 == 0 ? s.6 : s.7,
            causal: m.0 == 0 ? nil : CausalAlignment.allCases[m.0 - 1],
            window: m.1 == 0 ? nil : SlidingWindow(left: edge(m.2), right: edge(m.3)),
            keyPadding: m.4 == 1, queryPadding: m.5 == 1, packed: m.6 == 1,
            booleanMask: e.0 == 0 ? nil : FuzzProblem.Broadcast.allCases[e.0 - 1],
            bias: e.1 == 0 ? nil : FuzzProblem.Broadcast.allCases[e.1 - 1],
            alibi: e.2 == 1, softcap: e.3 == 0 ? nil : FuzzProblem.Ranges.softcaps[e.3 - 1],
            scale: e.4 == 0 ? nil : FuzzProblem.Ranges.scales[e.4 - 1],
            layout: FuzzProblem.Layout.allCases[e.5], largeLogits: e.6 % 4 == 0, seed: e.6)
    }
}
