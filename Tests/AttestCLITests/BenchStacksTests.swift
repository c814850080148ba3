import AttestCatalog
import AttestCore
import AttestParallel
import Testing
@testable import attest

/// `attest bench-stacks`: the formulas the preambles declare (and it prints
/// beside the measured bytes) equal the ledgers of real runs, it learns its
/// stacks from the registry, and a small run completes.
@Suite struct BenchStacksTests {
    static let dims = AttentionDims(batch: 2, queryLength: 16, keyLength: 16, queryHeads: 8, keyValueHeads: 2, headDim: 4, valueDim: 4)

    @Test(arguments: [2, 4, 8])
    func ulyssesFormulaMatchesTheLedger(_ p: Int) throws {
        let preamble = UlyssesPreamble(world: p)
        let bench = StackBenchmark(dims: Self.dims, dtype: .float32, repeats: 1)
        _ = try bench.time(StackedKernel(preamble: preamble, core: try Catalog.kernelRegistry().kernel(named: "reference")),
                           bench.arguments(), repeats: 1)
        let ledger = try #require(preamble.log.last)
        let formula = preamble.expectedTraffic(Self.dims, elementBytes: 4)
        #expect(formula.map(\.labels) == [["q", "k", "v", "o"], ["lse"]])
        for r in 0 ..< p {
            for expected in formula {
                #expect(Double(ledger.traffic(rank: r, labels: expected.labels).elementsSent) == expected.elements, "P=\(p) rank \(r) \(expected.labels)")
                #expect(Double(ledger.traffic(rank: r, labels: expected.labels).bytesSent) == expected.bytes, "P=\(p) rank \(r) \(expected.labels)")
            }
        }
    }

    @Test(arguments: [2, 4])
    func ringFormulaMatchesTheLedger(_ p: Int) throws {
        let preamble = RingPreamble(world: p)
        let bench = StackBenchmark(dims: Self.dims, dtype: .float32, repeats: 1)
        _ = try bench.time(StackedKernel(preamble: preamble, core: try Catalog.kernelRegistry().kernel(named: "reference")),
                           bench.arguments(), repeats: 1)
        let ledger = try #require(preamble.log.last)
        let formula = preamble.expectedTraffic(Self.dims, elementBytes: 4)
        #expect(formula.map(\.labels) == [["k", "v"]])
        for r in 0 ..< p {
            #expect(Double(ledger.traffic(rank: r, labels: ["k", "v"]).elementsSent) == formula[0].elements, "P=\(p) rank \(r)")
            #expect(Double(ledger.traffic(rank: r, labels: ["k", "v"]).bytesSent) == formula[0].bytes, "P=\(p) rank \(r)")
        }
    }

    @Test func smallRunCompletesAndRejectsBadOptions() throws {
        let command = try BenchStacks.parse(["--core", "reference", "--seq", "16", "--heads", "8", "--head-dim", "4",
                                             "--world", "4", "--usp", "2x2", "--repeats", "1"])
        try command.run()
        let stacks = try command.stacks(Catalog.preambleRegistry()).map { $0.map(\.description) }
        #expect(stacks == [["ring:world=4"], ["ulysses:world=4"], ["ulysses:world=2", "ring:world=2"]],
                "the stacks learned from the registry: each sharded preamble at --world, USP at --usp")
        #expect(throws: (any Error).self) { try BenchStacks.parse(["--usp", "4"]) }
        #expect(throws: (any Error).self) { try BenchStacks.parse(["--dtype", "f8"]) }
    }
}
