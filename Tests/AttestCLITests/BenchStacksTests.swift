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

    /// Each sharded preamble at each P, with the labels its formula must cover.
    static let formulaCases: [(spec: String, labels: [[String]])] = [
        ("ulysses:world=2", [["q", "k", "v", "o"], ["lse"]]), ("ulysses:world=4", [["q", "k", "v", "o"], ["lse"]]),
        ("ulysses:world=8", [["q", "k", "v", "o"], ["lse"]]), ("ring:world=2", [["k", "v"]]), ("ring:world=4", [["k", "v"]]),
    ]

    @Test(arguments: formulaCases)
    func declaredFormulaMatchesTheLedger(_ spec: String, _ labels: [[String]]) throws {
        let made = try Catalog.preambleRegistry().make(try PreambleSpec(parsing: spec))
        let preamble = try #require(made as? any ShardedPreamble, "\(spec) declares no traffic formula")
        let bench = StackBenchmark(dims: Self.dims, dtype: .float32, repeats: 1)
        _ = try bench.time(StackedKernel(preamble: preamble, core: try Catalog.kernelRegistry().kernel(named: "reference")),
                           bench.arguments(), repeats: 1)
        let ledger = try #require(preamble.log.last)
        let formula = preamble.expectedTraffic(Self.dims, elementBytes: 4)
        #expect(formula.map(\.labels) == labels)
        for r in 0 ..< preamble.world {
            for expected in formula {
                let measured = ledger.traffic(rank: r, labels: expected.labels)
                #expect(Double(measured.elementsSent) == expected.elements, "\(spec) rank \(r) \(expected.labels)")
                #expect(Double(measured.bytesSent) == expected.bytes, "\(spec) rank \(r) \(expected.labels)")
            }
        }
    }

    /// The formulas of docs/parallel.md worked by hand for B = 2, S = 16, Hq = 8, Hkv = 2, D = Dv = 4:
    /// Ulysses(2) q,k,v,o (1/4)·2·16·(8·4 + 2·4 + 2·4 + 8·4) = 640, lse (1/4)·2·16·8 = 64; ring(2) 1·2·8·2·8 = 256.
    @Test func formulasAtP2WorkedByHand() {
        #expect(UlyssesPreamble(world: 2).expectedTraffic(Self.dims, elementBytes: 4).map(\.elements) == [640, 64])
        #expect(RingPreamble(world: 2).expectedTraffic(Self.dims, elementBytes: 4).map(\.elements) == [256])
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
