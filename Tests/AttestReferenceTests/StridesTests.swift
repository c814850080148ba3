import AttestCore
import AttestReference
import AttestTensor
import Testing

/// The reference accepts inputs and outputs of any strides (permuted,
/// narrowed, broadcast views) and gives the same bits as for contiguous ones.
@Suite("Reference: any strides")
struct StridesTests {
    /// B = 2, Sq = 3, Skv = 4, Hq = 4, Hkv = 2, D = 5, Dv = 3, with causal bottom-right and ALiBi.
    static func stridedAndContiguous() -> (strided: AttentionArguments, contiguous: AttentionArguments) {
        var rng = SeededGenerator(seed: 7)
        // [B, H, S, D] buffers, permuted to the [B, S, H, D] layout: views, not copies.
        let q = rng.uniform([2, 4, 3, 5]).permute(0, 2, 1, 3)
        let k = rng.uniform([2, 2, 4, 5]).permute(0, 2, 1, 3)
        // v: narrowed out of a wider fused buffer, so its rows have gaps.
        let v = rng.uniform([2, 4, 2, 7]).narrow(axis: 3, start: 2, length: 3)
        let mask = AttentionMask(causal: .bottomRight)
        let slopes = [0.5, 0.25, 0.125, 0.0625]
        func args(_ q: Tensor<Double>, _ k: Tensor<Double>, _ v: Tensor<Double>) -> AttentionArguments {
            AttentionArguments(q: AnyTensor(q), k: AnyTensor(k), v: AnyTensor(v), mask: mask, alibiSlopes: slopes)
        }
        return (args(q, k, v), args(q.contiguous(), k.contiguous(), v.contiguous()))
    }

    @Test("permuted and narrowed inputs give the same bits as contiguous copies")
    func stridedInputs() throws {
        let (strided, contiguous) = Self.stridedAndContiguous()
        #expect(!strided.q.isContiguous && !strided.k.isContiguous && !strided.v.isContiguous)
        let a = try runReference(strided), b = try runReference(contiguous)
        #expect(a.o.scalars.map(\.bitPattern) == b.o.scalars.map(\.bitPattern))
        #expect(a.lse.scalars.map(\.bitPattern) == b.lse.scalars.map(\.bitPattern))
    }

    @Test("strided output buffers ([B,H,S,Dv] and [B,S,H] storage seen as o and lse) get the same bits")
    func stridedOutputs() throws {
        let (_, args) = Self.stridedAndContiguous()
        let d = args.dims
        let o = AnyTensor.filled(.float64, shape: [d.batch, d.queryHeads, d.queryLength, d.valueDim], value: .nan)
            .permute([0, 2, 1, 3])
        let lse = AnyTensor.filled(.float64, shape: [d.batch, d.queryLength, d.queryHeads], value: .nan).transpose(1, 2)
        try ReferenceAttention().forward(args, into: AttentionOutput(o: o, lse: lse))
        let expected = try runReference(args)
        #expect(o.widened().scalars.map(\.bitPattern) == expected.o.scalars.map(\.bitPattern))
        #expect(lse.widened().scalars.map(\.bitPattern) == expected.lse.scalars.map(\.bitPattern))
    }

    @Test("a broadcast (stride 0) key tensor equals its materialised copy")
    func broadcastInput() throws {
        var rng = SeededGenerator(seed: 11)
        let q = rng.uniform([1, 2, 2, 3]), v = rng.uniform([1, 3, 2, 2])
        let k = try rng.uniform([1, 3, 1, 3]).expand(to: [1, 3, 2, 3])
        #expect(k.strides[2] == 0)
        let a = try runReference(AttentionArguments(q: AnyTensor(q), k: AnyTensor(k), v: AnyTensor(v)))
        let b = try runReference(AttentionArguments(q: AnyTensor(q), k: AnyTensor(k.contiguous()), v: AnyTensor(v)))
        #expect(a.o.scalars.map(\.bitPattern) == b.o.scalars.map(\.bitPattern))
    }
}
