import AttestCore
import AttestKernels
import AttestTensor
import AttestTestSupport
import Testing

extension KernelCase {
    /// A case with sizes and features drawn from `seed`: combinations the
    /// hand-written matrix does not list (any subset of the features, any
    /// layout, head sizes 1…20, lengths 1…40, GQA groups 1…3).
    static func random(seed: UInt64) -> KernelCase {
        var rng = SeededGenerator(seed: seed)
        func int(_ range: ClosedRange<Int>) -> Int { rng.int(in: range) }
        let packed = rng.bernoulli(0.25)
        let b = packed ? 1 : int(1 ... 3)
        let sq = int(1 ... 40), skv = int(1 ... 40), hkv = int(1 ... 2), group = int(1 ... 3)
        let d = int(1 ... 20), dv = rng.bernoulli(0.5) ? d : int(1 ... 20)
        return KernelCase("random seed \(seed)", b: b, sq: sq, skv: skv, hq: hkv * group, hkv: hkv, d: d, dv: dv) { c in
            if rng.bernoulli(0.5) { c.causal = rng.bernoulli(0.5) ? .topLeft : .bottomRight }
            if rng.bernoulli(0.3) {
                c.window = SlidingWindow(left: rng.bernoulli(0.7) ? int(0 ... 10) : nil,
                                         right: rng.bernoulli(0.7) ? int(0 ... 10) : nil)
            }
            if packed {
                let count = int(1 ... 4)
                func offsets(_ total: Int) -> [Int] {
                    [0] + (0 ..< count).map { _ in int(0 ... total) }.sorted()
                }
                c.packed = PackedSequences(queryOffsets: offsets(sq), keyOffsets: offsets(skv))
            } else {
                if rng.bernoulli(0.3) { c.keyLengths = (0 ..< b).map { _ in int(0 ... skv) } }
                if rng.bernoulli(0.3) { c.queryLengths = (0 ..< b).map { _ in int(0 ... sq) } }
            }
            if rng.bernoulli(0.3) {
                c.booleanMask = BooleanMaskSpec(perBatch: rng.bernoulli(0.5), perHead: rng.bernoulli(0.5),
                                                visibleFraction: 0.3 + 0.6 * rng.uniform(), hiddenRows: int(0 ... 2))
            }
            if rng.bernoulli(0.3) {
                c.bias = BiasSpec(perBatch: rng.bernoulli(0.5), perHead: rng.bernoulli(0.5),
                                  magnitude: 4 * rng.uniform(), maskedFraction: 0.2 * rng.uniform())
            }
            c.alibi = rng.bernoulli(0.3)
            if rng.bernoulli(0.3) { c.softcap = 1 + 20 * rng.uniform() }
            if rng.bernoulli(0.3) { c.scale = 4 * rng.uniform(in: -1 ... 1) }
            c.magnitude = rng.bernoulli(0.2) ? 8 : 1
            let layouts: [TensorLayout] = [.contiguous, .permuted, .poisoned]
            c.inputLayout = layouts[int(0 ... 2)]
            c.outputLayout = layouts[int(0 ... 2)]
        }
    }
}

@Suite("Random feature combinations")
struct RandomCaseTests {
    static let seeds: [UInt64] = Array(1 ... 40)

    @Test("tiled matches the reference", arguments: seeds, [DType.float32, .bfloat16, .float64])
    func tiled(_ seed: UInt64, _ dtype: DType) throws {
        try expectMatchesReference(TiledAttention(queryBlock: 8, keyBlock: 16), .random(seed: seed), dtype)
    }

    @Test("blas matches the reference", arguments: seeds, [DType.float32, .float64])
    func blas(_ seed: UInt64, _ dtype: DType) throws {
        try expectMatchesReference(BLASAttention(rowsPerChunk: 12), .random(seed: seed), dtype)
    }
}
