import AttestCore
import AttestKernels
import AttestTensor
import AttestTestSupport
import Testing

@Suite("TiledAttention")
struct TiledAttentionTests {
    @Test("matches the reference", arguments: KernelCase.matrix, DType.allCases)
    func matchesReference(_ kase: KernelCase, _ dtype: DType) throws {
        try expectMatchesReference(TiledAttention(), kase, dtype)
    }

    /// Small and odd block sizes put every case across many tile boundaries
    /// (partial blocks, rows whose visible keys start and end mid-block).
    @Test("matches the reference with odd block sizes",
          arguments: [(1, 1), (3, 5), (7, 2), (16, 33)], [DType.float32, .float64])
    func oddBlocks(_ blocks: (Int, Int), _ dtype: DType) throws {
        for kase in KernelCase.matrix {
            try expectMatchesReference(TiledAttention(queryBlock: blocks.0, keyBlock: blocks.1), kase, dtype)
        }
    }

    @Test("repeated runs are bit-identical", arguments: [DType.float32, .bfloat16, .float64])
    func deterministic(_ dtype: DType) throws {
        try expectRepeatedRunsBitIdentical(TiledAttention(), dtype)
    }

    @Test("declares every feature and element type")
    func capabilities() {
        let caps = TiledAttention().capabilities
        #expect(caps.dtypes == Set(DType.allCases))
        #expect(caps.features == Set(AttentionFeature.allCases))
        #expect(caps.fullyMaskedRows == .zero)
        #expect(TiledAttention().name == "tiled")
    }

    @Test("throws on invalid arguments and mis-shaped outputs")
    func invalidCalls() throws {
        let kase = KernelCase("small", sq: 4, skv: 5)
        var args = kase.arguments(.float32)
        #expect(throws: AttestError.self) { try TiledAttention().forward(args, into: AttentionOutput.allocate(
            AttentionDims(batch: 1, queryLength: 5, keyLength: 5, queryHeads: 2, keyValueHeads: 2, headDim: 8, valueDim: 8),
            dtype: .float32)) }
        args.mask.keyLengths = [9]
        #expect(throws: AttestError.self) { try TiledAttention().forward(args, into: kase.output(.float32)) }
    }

    @Test("writes o in the output buffer's element type, independent of the input's",
          arguments: [(DType.float16, DType.float64), (.float64, .bfloat16), (.bfloat16, .float32)])
    func mixedOutputTypes(_ types: (DType, DType)) throws {
        let kase = KernelCase("mixed", b: 2, sq: 6, skv: 9, hq: 2) { $0.causal = .bottomRight }
        let args = kase.arguments(types.0)
        let out = AttentionOutput.allocate(args.dims, dtype: types.1, lseDType: types.1)
        try TiledAttention().forward(args, into: out)
        let same = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
        try TiledAttention().forward(args, into: same)
        // Same accumulation, one final rounding to the requested type.
        #expect(out.o.dtype == types.1)
        expectBitIdentical(out.o, same.o.converted(to: types.1), "o in \(types.1)")
        expectBitIdentical(out.lse!, same.lse!.converted(to: types.1), "lse in \(types.1)")
    }
}
