import AttestCore
import AttestTensor

extension PropertyCases {
    /// Every o element of a row with a visible key lies within
    /// [min_j v[j, e], max_j v[j, e]] over the visible keys j, widened by the o bound
    /// (the element's own bound when the policy judges per element, version 4).
    static func range(_ a: AttentionArguments) throws -> CaseProblem {
        var p = try CaseProblem(referenceFor: a)
        p.checks = [PropertyCheck(name: "range") { input in
            let args = input.problem.args, d = args.dims
            let o = input.output.o.widened(), v = args.v.widened(), bias = args.bias?.widened()
            let slack = { (index: [Int]) in input.oBounds?[index] ?? input.oReport.bound }
            var outside = 0, first: [Int]? = nil
            for b in 0 ..< d.batch {
                for h in 0 ..< d.queryHeads {
                    let kvh = d.keyValueHead(forQueryHead: h)
                    for i in 0 ..< d.queryLength {
                        guard let seg = args.mask.segment(batch: b, query: i, dims: d) else { continue }
                        let visible = (0 ..< d.keyLength).filter { j in
                            args.mask.isVisible(batch: b, head: h, query: i, key: j, segment: seg)
                                && (bias.map { $0.element(batch: b, head: h, query: i, key: j) > -.infinity } ?? true)
                        }
                        guard !visible.isEmpty else { continue }
                        for e in 0 ..< d.valueDim {
                            let column = visible.map { v[b, $0, kvh, e] }
                            let x = o[b, i, h, e]
                            let s = slack([b, i, h, e])
                            if !(x >= column.min()! - s && x <= column.max()! + s) {
                                outside += 1
                                if first == nil { first = [b, i, h, e] }
                            }
                        }
                    }
                }
            }
            return outside == 0 ? nil : "\(outside) output element(s) outside the range of the visible value rows, first at \(first!)"
        }]
        return p
    }

    /// Runs the kernel a second time into fresh buffers; o and lse must be bit-identical.
    static func determinism(_ a: AttentionArguments) throws -> CaseProblem {
        var p = try CaseProblem(referenceFor: a)
        p.requiresDeterminism = true
        p.checks = [PropertyCheck(name: "determinism") { input in
            let again = AttentionOutput.allocate(input.problem.args.dims, dtype: input.problem.args.dtype,
                                                 lseDType: input.output.lse == nil ? nil : .float64)
            try KernelThrew.forward(input.kernel, input.problem.args, into: again)
            var diffs: [String] = []
            for (name, x, y) in [("o", input.output.o, again.o)] + (input.output.lse.map { [("lse", $0, again.lse!)] } ?? []) {
                let a = x.widened().scalars, b = y.widened().scalars
                let n = zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
                if n > 0 { diffs.append("\(name): \(n) element(s) differ between two runs") }
            }
            return diffs.isEmpty ? nil : diffs.joined(separator: "; ")
        }]
        return p
    }

    /// repeat: the kernel runs the GQA call; golden = reference on the MHA call
    /// with K and V heads repeat-interleaved. constant_v: V of kv head g is the
    /// constant g + 1 (exact in every element type), so o of query head h is
    /// exactly h/(Hq/Hkv) + 1 on rows with a visible key: an analytic golden
    /// that tells repeat-interleave from tiled head mapping.
    static func gqaEqualsMHA(_ a: AttentionArguments, constantV: Bool) throws -> CaseProblem {
        let d = a.dims
        guard d.keyValueHeads < d.queryHeads else { throw ConformanceError.badCaseID("gqa_mha", "needs Hkv < Hq") }
        if constantV {
            var t = a
            t.v = TensorEdit.edited(a.v) { x in Tensor<Double>.forEachIndex(in: x.shape) { i in x[i] = Double(i[2] + 1) } }
            let g = try ReferenceGolden.compute(t)
            let o = Tensor<Double>(shape: d.outputShape) { i in
                g.lse[i[0], i[2], i[1]] == -.infinity ? 0 : Double(d.keyValueHead(forQueryHead: i[2]) + 1)
            }
            return CaseProblem(args: t, golden: o, goldenLSE: g.lse)
        }
        var mha = a
        let group = d.groupSize
        mha.k = AnyTensor.converting(Tensor<Double>(shape: [d.batch, d.keyLength, d.queryHeads, d.headDim]) { i in
            a.k.double(at: [i[0], i[1], i[2] / group, i[3]])
        }, to: a.dtype)
        mha.v = AnyTensor.converting(Tensor<Double>(shape: [d.batch, d.keyLength, d.queryHeads, d.valueDim]) { i in
            a.v.double(at: [i[0], i[1], i[2] / group, i[3]])
        }, to: a.dtype)
        let g = try ReferenceGolden.compute(mha)
        return CaseProblem(args: a, golden: g.o, goldenLSE: g.lse)
    }
}
