import AttestCore
import AttestKernels
import AttestTensor
import AttestTestSupport
import Testing

@Suite("BLASAttention")
struct BLASAttentionTests {
    @Test("matches the reference", arguments: KernelCase.matrix, [DType.float32, .float64])
    func matchesReference(_ kase: KernelCase, _ dtype: DType) throws {
        try expectMatchesReference(BLASAttention(), kase, dtype)
    }

    /// Chunks of one query row, and chunks smaller than a GQA group, exercise
    /// the chunk boundaries and the grouped query packing.
    @Test("matches the reference with small chunks", arguments: [1, 3, 10], [DType.float32, .float64])
    func smallChunks(_ rows: Int, _ dtype: DType) throws {
        for kase in KernelCase.matrix {
            try expectMatchesReference(BLASAttention(rowsPerChunk: rows), kase, dtype)
        }
    }

    @Test("repeated runs are bit-identical", arguments: [DType.float32, .float64])
    func deterministic(_ dtype: DType) throws {
        try expectRepeatedRunsBitIdentical(BLASAttention(), dtype)
    }

    @Test("declares float32 and float64 with every feature")
    func capabilities() {
        let caps = BLASAttention().capabilities
        #expect(caps.dtypes == [.float32, .float64])
        #expect(caps.features == Set(AttentionFeature.allCases))
        #expect(BLASAttention().name == "blas")
    }

    @Test("refuses float16 and bfloat16 with a not-supported error", arguments: [DType.float16, .bfloat16])
    func unsupportedTypes(_ dtype: DType) throws {
        let kase = KernelCase("small", sq: 4, skv: 5)
        let args = kase.arguments(dtype)
        #expect(!BLASAttention().support(for: args).isSupported)
        let error = #expect(throws: AttestError.self) { try BLASAttention().forward(args, into: kase.output(dtype)) }
        guard case .notSupported(kernel: "blas", reason: _)? = error else {
            Issue.record("expected notSupported from blas, got \(String(describing: error))")
            return
        }
    }

    @Test("throws on invalid arguments")
    func invalidCalls() throws {
        let kase = KernelCase("small", sq: 4, skv: 5)
        var args = kase.arguments(.float64)
        args.softcap = -1
        #expect(throws: AttestError.self) { try BLASAttention().forward(args, into: kase.output(.float64)) }
    }
}
