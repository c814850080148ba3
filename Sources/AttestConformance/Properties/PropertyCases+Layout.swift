import AttestCore
import AttestTensor

extension PropertyCases {
    /// The same values under another memory layout; golden = reference on the contiguous original.
    static func layout(_ a: AttentionArguments, variant: String) throws -> CaseProblem {
        let d = a.dims
        var t = a
        switch variant {
        case "contiguous":
            t.q = a.q.contiguous(); t.k = a.k.contiguous(); t.v = a.v.contiguous()
        case "bhsd":
            // A [B, H, S, D] buffer, viewed as [B, S, H, D].
            t.q = a.q.permute([0, 2, 1, 3]).contiguous().permute([0, 2, 1, 3])
            t.k = a.k.permute([0, 2, 1, 3]).contiguous().permute([0, 2, 1, 3])
            t.v = a.v.permute([0, 2, 1, 3]).contiguous().permute([0, 2, 1, 3])
        case "padded":
            // Rows padded by 5 elements and sequences by 2 positions, the padding holding 1e4.
            t.q = embedded(a.q, padding: [0, 2, 0, 5], fill: 1e4)
            t.k = embedded(a.k, padding: [0, 2, 0, 5], fill: 1e4)
            t.v = embedded(a.v, padding: [0, 2, 0, 5], fill: 1e4)
        case "fused_qkv":
            guard d.queryLength == d.keyLength, d.headDim == d.valueDim else {
                throw ConformanceError.badCaseID("layout fused_qkv", "needs Sq = Skv and D = Dv")
            }
            // One [B, S, Hq + 2 Hkv, D] buffer: q heads, then k heads, then v heads.
            let fused = AnyTensor.filled(a.dtype, shape: [d.batch, d.queryLength, d.queryHeads + 2 * d.keyValueHeads, d.headDim], value: 0)
            let q = fused.narrow(axis: 2, start: 0, length: d.queryHeads)
            let k = fused.narrow(axis: 2, start: d.queryHeads, length: d.keyValueHeads)
            let v = fused.narrow(axis: 2, start: d.queryHeads + d.keyValueHeads, length: d.keyValueHeads)
            q.assign(from: a.q); k.assign(from: a.k); v.assign(from: a.v)
            t.q = q; t.k = k; t.v = v
        case "broadcast_kv":
            // K and V of batch entry 0 for every entry, through a stride-0 batch axis.
            t.k = try a.k.narrow(axis: 0, start: 0, length: 1).contiguous().expand(to: d.keyShape)
            t.v = try a.v.narrow(axis: 0, start: 0, length: 1).contiguous().expand(to: d.valueShape)
            return try againstContiguous(t)
        case "broadcast_heads":
            // MQA by expand: K and V of kv head 0 for every kv head, through a stride-0 head axis.
            t.k = try a.k.narrow(axis: 2, start: 0, length: 1).contiguous().expand(to: d.keyShape)
            t.v = try a.v.narrow(axis: 2, start: 0, length: 1).contiguous().expand(to: d.valueShape)
            return try againstContiguous(t)
        default:
            throw ConformanceError.unknownCase("layout:\(variant)", "no such layout")
        }
        let g = try ReferenceGolden.compute(a)
        return CaseProblem(args: t, golden: g.o, goldenLSE: g.lse)
    }

    /// The kernel runs `t`; golden = reference on contiguous copies of its k and v.
    private static func againstContiguous(_ t: AttentionArguments) throws -> CaseProblem {
        var plain = t
        plain.k = t.k.contiguous(); plain.v = t.v.contiguous()
        let g = try ReferenceGolden.compute(plain)
        return CaseProblem(args: t, golden: g.o, goldenLSE: g.lse)
    }

    /// q, k, v as views into storage padded by one NaN element before and after on every axis.
    static func nanOutOfBounds(_ a: AttentionArguments) throws -> CaseProblem {
        var t = a
        t.q = embedded(a.q, padding: [2, 2, 2, 2], fill: .nan)
        t.k = embedded(a.k, padding: [2, 2, 2, 2], fill: .nan)
        t.v = embedded(a.v, padding: [2, 2, 2, 2], fill: .nan)
        let g = try ReferenceGolden.compute(a)
        return CaseProblem(args: t, golden: g.o, goldenLSE: g.lse)
    }

    /// `x` copied into the middle of a larger buffer filled with `fill`:
    /// axis a gets `padding[a]` extra elements, split before and after.
    static func embedded(_ x: AnyTensor, padding: [Int], fill: Double) -> AnyTensor {
        let big = AnyTensor.filled(x.dtype, shape: zip(x.shape, padding).map { $0 + $1 }, value: fill)
        var view = big
        for axis in x.shape.indices {
            view = view.narrow(axis: axis, start: padding[axis] / 2, length: x.shape[axis])
        }
        view.assign(from: x)
        return view
    }
}
