import AttestCatalog
import AttestCore
import AttestParallel
import Testing
@testable import attest

/// `attest bench-stacks`: the formulas it prints beside the measured bytes
/// equal the ledgers of real runs, and a small run completes.
@Suite struct BenchStacksTests {
    static let dims = AttentionDims(batch: 2, queryLength: 16, keyLength: 16, queryHeads: 8, keyValueHeads: 2, headDim: 4, valueDim: 4)

    @Test(arguments: [2, 4, 8])
    func ulyssesFormulaMatchesTheLedger(_ p: Int) throws {
        let preamble = UlyssesPreamble(world: p)
        let bench = StackBenchmark(dims: Self.dims, dtype: .float32, repeats: 1)
        _ = try bench.time(StackedKernel(preamble: preamble, core: try Catalog.kernelRegistry().kernel(named: "reference")),
                           bench.arguments(), repeats: 1)
        let ledger = try #require(preamble.log.last)
        let formula = StackBenchmark.ulyssesFormula(Self.dims, world: p)
        for r in 0 ..< p {
            #expect(Double(ledger.traffic(rank: r, labels: ["q", "k", "v", "o"]).elementsSent) == formula.qkvo, "P=\(p) rank \(r)")
            #expect(Double(ledger.traffic(rank: r, labels: ["lse"]).elementsSent) == formula.lse, "P=\(p) rank \(r)")
        }
    }

    @Test(arguments: [2, 4])
    func ringFormulaMatchesTheLedger(_ p: Int) throws {
        let preamble = RingPreamble(world: p)
        let bench = StackBenchmark(dims: Self.dims, dtype: .float32, repeats: 1)
        _ = try bench.time(StackedKernel(preamble: preamble, core: try Catalog.kernelRegistry().kernel(named: "reference")),
                           bench.arguments(), repeats: 1)
        let ledger = try #require(preamble.log.last)
        for r in 0 ..< p {
            #expect(Double(ledger.traffic(rank: r, labels: ["k", "v"]).elementsSent) == StackBenchmark.ringFormula(Self.dims, world: p))
        }
    }

    @Test func smallRunCompletesAndRejectsBadOptions() throws {
        let command = try BenchStacks.parse(["--core", "reference", "--seq", "16", "--heads", "8", "--head-dim", "4",
                                             "--world", "4", "--usp", "2x2", "--repeats", "1"])
        try command.run()
        #expect(throws: (any Error).self) { try BenchStacks.parse(["--usp", "4"]) }
        #expect(throws: (any Error).self) { try BenchStacks.parse(["--dtype", "f8"]) }
    }
}
