import AttestConformance
import AttestCore
import AttestTensor

/// For each mutant: the problem that exposes its bug and, where one exists, a
/// control problem that lacks the triggering condition, so the mutant must
/// match the reference there (it has exactly its one bug).
struct MutantCase: Sendable, CustomStringConvertible {
    /// Registry name without the `mutant/` prefix.
    var slug: String
    var exposing: MutantProblem
    var control: MutantProblem?
    /// How far from the reference the exposing problem must be, at least:
    /// far above float64 rounding (~1e-15) and above float16 output rounding.
    var minimumDistance = 1e-2

    var description: String { "mutant/\(slug)" }
}

private func bools(_ shape: [Int], seed: UInt64) -> Tensor<Bool> {
    var rng = SeededGenerator(seed: seed)
    return Tensor(shape: shape) { _ in rng.next() % 3 != 0 }
}

extension MutantCase {
    static let all: [MutantCase] = [
        MutantCase(slug: "scale-missing", exposing: MutantProblem("default scale"),
                   control: MutantProblem("explicit scale 1") { $0.configure = { $0.scale = 1 } }),
        MutantCase(slug: "scale-inverse-d", exposing: MutantProblem("default scale"),
                   control: MutantProblem("explicit scale 0.3") { $0.configure = { $0.scale = 0.3 } }),
        MutantCase(slug: "softcap-missing", exposing: MutantProblem("softcap 0.5") { $0.configure = { $0.softcap = 0.5 } },
                   control: MutantProblem("no softcap")),
        MutantCase(slug: "softcap-after-bias",
                   exposing: MutantProblem("softcap 1 with bias") { p in
                       let shape = [p.batch, p.queryHeads, p.queryLength, p.keyLength]
                       p.configure = { var rng = SeededGenerator(seed: 7); $0.softcap = 1; $0.bias = .float64(rng.uniform(shape, in: -3 ... 3)) }
                   },
                   control: MutantProblem("softcap 1 without bias") { $0.configure = { $0.softcap = 1 } }),
        MutantCase(slug: "alibi-sign-flipped",
                   exposing: MutantProblem("alibi") { $0.configure = { $0.alibiSlopes = [0.5, 0.25] } },
                   control: MutantProblem("no alibi")),
        MutantCase(slug: "alibi-top-left",
                   exposing: MutantProblem("alibi, Sq 5 < Skv 8") { $0.queryLength = 5; $0.configure = { $0.alibiSlopes = [0.5, 0.25] } },
                   control: MutantProblem("alibi, Sq = Skv") { $0.configure = { $0.alibiSlopes = [0.5, 0.25] } }),
        MutantCase(slug: "bias-broadcast-axis-swapped",
                   exposing: MutantProblem("bias [1, Hq]") { p in
                       let shape = [1, p.queryHeads, p.queryLength, p.keyLength]
                       p.configure = { var rng = SeededGenerator(seed: 8); $0.bias = .float64(rng.uniform(shape, in: -3 ... 3)) }
                   },
                   control: MutantProblem("bias [B, Hq]") { p in
                       let shape = [p.batch, p.queryHeads, p.queryLength, p.keyLength]
                       p.configure = { var rng = SeededGenerator(seed: 8); $0.bias = .float64(rng.uniform(shape, in: -3 ... 3)) }
                   }),
        MutantCase(slug: "causal-excludes-diagonal",
                   exposing: MutantProblem("causal top-left") { $0.configure = { $0.mask.causal = .topLeft } },
                   control: MutantProblem("no causal")),
        MutantCase(slug: "causal-sees-next-key",
                   exposing: MutantProblem("causal bottom-right, Sq 6 < Skv 8") { $0.queryLength = 6; $0.configure = { $0.mask.causal = .bottomRight } },
                   control: MutantProblem("no causal")),
        MutantCase(slug: "causal-alignment-swapped",
                   exposing: MutantProblem("causal top-left, Sq 5 < Skv 8") { $0.queryLength = 5; $0.configure = { $0.mask.causal = .topLeft } },
                   control: MutantProblem("causal top-left, Sq = Skv") { $0.configure = { $0.mask.causal = .topLeft } }),
        MutantCase(slug: "window-off-by-one",
                   exposing: MutantProblem("window (2, 1)") { $0.configure = { $0.mask.window = SlidingWindow(left: 2, right: 1) } },
                   control: MutantProblem("window (unbounded, 1)") { $0.configure = { $0.mask.window = SlidingWindow(left: nil, right: 1) } }),
        MutantCase(slug: "bool-mask-inverted-broadcast",
                   exposing: MutantProblem("bool mask [B, 1]") { p in
                       let shape = [p.batch, 1, p.queryLength, p.keyLength]
                       p.configure = { $0.mask.boolean = bools(shape, seed: 9) }
                   },
                   control: MutantProblem("bool mask [B, Hq]") { p in
                       let shape = [p.batch, p.queryHeads, p.queryLength, p.keyLength]
                       p.configure = { $0.mask.boolean = bools(shape, seed: 9) }
                   }),
        MutantCase(slug: "key-padding-ignored",
                   exposing: MutantProblem("key lengths [3, 6]") { $0.configure = { $0.mask.keyLengths = [3, 6] } },
                   control: MutantProblem("key lengths = Skv") { $0.configure = { $0.mask.keyLengths = [8, 8] } }),
        MutantCase(slug: "query-padding-ignored",
                   exposing: MutantProblem("query lengths [3, 6]") { $0.configure = { $0.mask.queryLengths = [3, 6] } },
                   control: MutantProblem("query lengths = Sq") { $0.configure = { $0.mask.queryLengths = [8, 8] } }),
        MutantCase(slug: "packed-leak",
                   exposing: MutantProblem("packed [0, 3, 8] / [0, 4, 8]") {
                       $0.batch = 1
                       $0.configure = { $0.mask.packed = PackedSequences(queryOffsets: [0, 3, 8], keyOffsets: [0, 4, 8]) }
                   },
                   control: MutantProblem("one packed sequence") {
                       $0.batch = 1
                       $0.configure = { $0.mask.packed = PackedSequences(queryOffsets: [0, 8], keyOffsets: [0, 8]) }
                   }),
        MutantCase(slug: "softmax-without-max",
                   exposing: MutantProblem("float32, logits ~ 100s") { $0.dtype = .float32; $0.configure = { $0.scale = 100 } },
                   control: MutantProblem("float64, small logits")),
        MutantCase(slug: "float16-accumulation", exposing: MutantProblem("float64, D 32, Skv 64") {
            $0.headDim = 32; $0.valueDim = 32; $0.keyLength = 64
        }, control: nil, minimumDistance: 1e-4),
        MutantCase(slug: "lse-base2", exposing: MutantProblem("with lse"),
                   control: MutantProblem("without lse") { $0.withLSE = false }),
        MutantCase(slug: "lse-in-element-type", exposing: MutantProblem("bfloat16, with lse") { $0.dtype = .bfloat16 },
                   control: MutantProblem("float32, with lse") { $0.dtype = .float32 }, minimumDistance: 1e-3),
        MutantCase(slug: "shared-row-exponent", exposing: MutantProblem("bfloat16, rows of mixed magnitudes") { $0.dtype = .bfloat16 },
                   control: MutantProblem("float64 (one ulp of the row maximum is far below every bound)"), minimumDistance: 1e-3),
        MutantCase(slug: "nan-fully-masked",
                   exposing: MutantProblem("key lengths [0, 5]") { $0.configure = { $0.mask.keyLengths = [0, 5] } },
                   control: MutantProblem("key lengths [2, 5]") { $0.configure = { $0.mask.keyLengths = [2, 5] } }),
        MutantCase(slug: "gqa-tiled",
                   exposing: MutantProblem("Hq 4, Hkv 2") { $0.queryHeads = 4 },
                   control: MutantProblem("Hq 4, Hkv 1 (MQA)") { $0.queryHeads = 4; $0.keyValueHeads = 1 }),
        MutantCase(slug: "batch-mixing", exposing: MutantProblem("B 2"),
                   control: MutantProblem("B 1") { $0.batch = 1 }),
        MutantCase(slug: "partial-key-tile-dropped", exposing: MutantProblem("Skv 20") { $0.keyLength = 20 },
                   control: MutantProblem("Skv 32") { $0.keyLength = 32 }),
        MutantCase(slug: "partial-query-tile-unwritten", exposing: MutantProblem("Sq 20") { $0.queryLength = 20 },
                   control: MutantProblem("Sq 16") { $0.queryLength = 16 }),
        MutantCase(slug: "unwritten-row", exposing: MutantProblem("any problem"), control: nil),
        MutantCase(slug: "dv-as-d", exposing: MutantProblem("Dv 4 != D 8") { $0.valueDim = 4 },
                   control: MutantProblem("Dv = D")),
        MutantCase(slug: "output-layout-bhsd", exposing: MutantProblem("Hq 2"),
                   control: MutantProblem("Hq 1") { $0.queryHeads = 1; $0.keyValueHeads = 1 }),
        MutantCase(slug: "read-past-end-k", exposing: MutantProblem("NaN after k") { $0.afterKeys = .nan },
                   control: MutantProblem("finite values after k") { $0.afterKeys = 1e30 }),
        MutantCase(slug: "pv-over-hidden-keys",
                   exposing: MutantProblem("key lengths [3, 6], NaN and inf in the padded v rows") {
                       $0.configure = { $0.mask.keyLengths = [3, 6]; $0.v = hiddenValues($0.v, from: [3, 6]) }
                   },
                   control: MutantProblem("key lengths [3, 6], 1e4 in the padded v rows") {
                       $0.configure = { $0.mask.keyLengths = [3, 6]; $0.v = hiddenValues($0.v, from: [3, 6], fill: [1e4]) }
                   }),
        MutantCase(slug: "packed-search-depth-3",
                   exposing: MutantProblem("12 packed sequences of one token, the last ones empty") {
                       $0.batch = 1
                       $0.configure = { $0.mask.packed = PackedSequences(queryOffsets: [0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8, 8],
                                                                         keyOffsets: [0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8, 8]) }
                   },
                   control: MutantProblem("8 packed sequences, two of them empty") {
                       $0.batch = 1
                       $0.configure = { $0.mask.packed = PackedSequences(queryOffsets: [0, 1, 1, 3, 4, 4, 6, 7, 8],
                                                                         keyOffsets: [0, 2, 2, 3, 3, 5, 6, 7, 8]) }
                   }),
        MutantCase(slug: "gqa-index-mod-8",
                   exposing: MutantProblem("Hq 20, Hkv 10") { $0.batch = 1; $0.queryHeads = 20; $0.keyValueHeads = 10 },
                   control: MutantProblem("Hq 16, Hkv 8") { $0.batch = 1; $0.queryHeads = 16; $0.keyValueHeads = 8 }),
        MutantCase(slug: "wide-head-packed-offset",
                   exposing: MutantProblem("D 72, k and v with a stride-0 head axis") {
                       $0.headDim = 72; $0.valueDim = 72
                       $0.configure = { $0.k = headBroadcast($0.k) }
                   },
                   control: MutantProblem("D 64, k with a stride-0 head axis") {
                       $0.headDim = 64; $0.valueDim = 64
                       $0.configure = { $0.k = headBroadcast($0.k) }
                   }),
    ] + shapes
}

/// `v` with rows `j >= from[b]` of batch entry b set to `fill` in turn along Dv.
private func hiddenValues(_ v: AnyTensor, from lengths: [Int], fill: [Double] = [.nan, .infinity, -.infinity]) -> AnyTensor {
    let w = v.widened()
    Tensor<Double>.forEachIndex(in: w.shape) { i in if i[1] >= lengths[i[0]] { w[i] = fill[i[3] % fill.count] } }
    return AnyTensor.converting(w, to: v.dtype)
}

/// `k` (float64) with a stride-0 head axis: every head reads head 0 (MQA by expand).
private func headBroadcast(_ k: AnyTensor) -> AnyTensor {
    guard case let .float64(t) = k else { preconditionFailure("headBroadcast takes a float64 tensor, got \(k.dtype)") }
    return .float64(Tensor(storage: t.storage, shape: t.shape, strides: [t.strides[0], t.strides[1], 0, t.strides[3]]))
}
