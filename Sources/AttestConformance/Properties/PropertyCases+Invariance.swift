import AttestCore
import AttestTensor

extension PropertyCases {
    /// Keys and values permuted jointly along Skv by a seeded permutation; golden = reference on the original.
    static func permuteKV(_ a: AttentionArguments, idText: String) throws -> CaseProblem {
        var rng = SeededGenerator(hashing: idText + "#perm")
        let skv = a.dims.keyLength
        var perm = Array(0 ..< skv)
        for i in stride(from: skv - 1, to: 0, by: -1) { perm.swapAt(i, rng.int(in: 0 ... i)) }
        var t = a
        t.k = permuted(a.k, perm)
        t.v = permuted(a.v, perm)
        let g = try ReferenceGolden.compute(a)
        return CaseProblem(args: t, golden: g.o, goldenLSE: g.lse)
    }

    private static func permuted(_ x: AnyTensor, _ perm: [Int]) -> AnyTensor {
        let w = x.widened()
        return AnyTensor.converting(Tensor<Double>(shape: w.shape) { i in w[i[0], perm[i[1]], i[2], i[3]] }, to: x.dtype)
    }

    /// Every key plus c·(1, …, 1), c chosen so scores move by about `target`
    /// (small: 8; large: 1e4 in f32/f64, 60 in f16/bf16), to stress the
    /// softmax maximum. The kernel sees the shifted keys rounded to its element
    /// type; golden = reference on those same shifted keys, so o and lse are
    /// both judged. (A golden from the original keys would still fit o, which
    /// softmax's shift invariance leaves unchanged, but not lse, which moves by
    /// the shift: the baseline's error against it would then be the shift itself
    /// and the bound would absorb any lse error of that size.)
    static func shiftKeys(_ a: AttentionArguments, large: Bool) throws -> CaseProblem {
        let lowPrecision = a.dtype == .float16 || a.dtype == .bfloat16
        let target = large ? (lowPrecision ? 60.0 : 1e4) : 8.0
        let c = target / (abs(a.effectiveScale) * Double(a.dims.headDim).squareRoot())
        var t = a
        t.k = TensorEdit.edited(a.k) { k in
            Tensor<Double>.forEachIndex(in: k.shape) { k[$0] += c }
        }
        let g = try ReferenceGolden.compute(t)
        return CaseProblem(args: t, golden: g.o, goldenLSE: g.lse)
    }

    /// Keys and values at positions hidden by key padding set to 1e4; golden = reference on the original.
    static func maskedValues(_ a: AttentionArguments) throws -> CaseProblem {
        guard let lengths = a.mask.keyLengths else {
            throw ConformanceError.badCaseID("masked_values", "needs mask=key_padding")
        }
        var t = a
        for name in ["k", "v"] {
            let edited = TensorEdit.edited(name == "k" ? a.k : a.v) { x in
                Tensor<Double>.forEachIndex(in: x.shape) { i in if i[1] >= lengths[i[0]] { x[i] = 1e4 } }
            }
            if name == "k" { t.k = edited } else { t.v = edited }
        }
        let g = try ReferenceGolden.compute(a)
        return CaseProblem(args: t, golden: g.o, goldenLSE: g.lse)
    }

    /// New q, k, v at every position >= Sq/2 (needs a causal mask and Sq = Skv):
    /// rows before Sq/2 must equal the original golden, later rows the new one.
    static func causalFuture(_ a: AttentionArguments, idText: String) throws -> CaseProblem {
        guard a.mask.causal != nil, a.dims.queryLength == a.dims.keyLength else {
            throw ConformanceError.badCaseID("causal_future", "needs a causal mask and Sq = Skv")
        }
        let cut = a.dims.queryLength / 2
        var rng = SeededGenerator(hashing: idText + "#future")
        var t = a
        t.q = TensorEdit.edited(a.q) { x in Tensor<Double>.forEachIndex(in: x.shape) { i in if i[1] >= cut { x[i] = rng.normal() } } }
        t.k = TensorEdit.edited(a.k) { x in Tensor<Double>.forEachIndex(in: x.shape) { i in if i[1] >= cut { x[i] = rng.normal() } } }
        t.v = TensorEdit.edited(a.v) { x in Tensor<Double>.forEachIndex(in: x.shape) { i in if i[1] >= cut { x[i] = rng.normal() } } }
        return try split(original: a, changed: t, outputChanged: { $0[1] >= cut }, lseChanged: { $0[2] >= cut })
    }

    /// New inputs in the last batch entry.
    static func batchIndependence(_ a: AttentionArguments, idText: String) throws -> CaseProblem {
        let last = a.dims.batch - 1
        guard last >= 1 else { throw ConformanceError.badCaseID("batch_independence", "needs B >= 2") }
        var rng = SeededGenerator(hashing: idText + "#batch")
        var t = a
        for name in ["q", "k", "v"] {
            let src = name == "q" ? a.q : name == "k" ? a.k : a.v
            let e = TensorEdit.edited(src) { x in Tensor<Double>.forEachIndex(in: x.shape) { i in if i[0] == last { x[i] = rng.normal() } } }
            if name == "q" { t.q = e } else if name == "k" { t.k = e } else { t.v = e }
        }
        return try split(original: a, changed: t, outputChanged: { $0[0] == last }, lseChanged: { $0[0] == last })
    }

    /// New q, k, v in head 0 (MHA).
    static func headIndependence(_ a: AttentionArguments, idText: String) throws -> CaseProblem {
        guard a.dims.queryHeads == a.dims.keyValueHeads, a.dims.queryHeads >= 2 else {
            throw ConformanceError.badCaseID("head_independence", "needs MHA with Hq >= 2")
        }
        var rng = SeededGenerator(hashing: idText + "#head")
        var t = a
        for name in ["q", "k", "v"] {
            let src = name == "q" ? a.q : name == "k" ? a.k : a.v
            let e = TensorEdit.edited(src) { x in Tensor<Double>.forEachIndex(in: x.shape) { i in if i[2] == 0 { x[i] = rng.normal() } } }
            if name == "q" { t.q = e } else if name == "k" { t.k = e } else { t.v = e }
        }
        return try split(original: a, changed: t, outputChanged: { $0[2] == 0 }, lseChanged: { $0[1] == 0 })
    }

    /// The kernel runs `changed`; the golden takes the changed region from the
    /// reference on `changed` and everything else from the reference on `original`.
    private static func split(original: AttentionArguments, changed: AttentionArguments,
                              outputChanged: ([Int]) -> Bool, lseChanged: ([Int]) -> Bool) throws -> CaseProblem {
        let g0 = try ReferenceGolden.compute(original), g1 = try ReferenceGolden.compute(changed)
        return CaseProblem(args: changed,
                           golden: TensorEdit.combine(g0.o, g1.o, useB: outputChanged),
                           goldenLSE: TensorEdit.combine(g0.lse, g1.lse, useB: lseChanged))
    }
}
