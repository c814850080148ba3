import AttestCore
@testable import AttestKernels
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

@Suite("FlashAttention")
struct FlashAttentionTests {
    static let dtypes: [DType] = DType.allCases

    @Test("matches the reference", arguments: KernelCase.matrix, dtypes)
    func matchesReference(_ kase: KernelCase, _ dtype: DType) throws {
        try expectMatchesReference(FlashAttention(), kase, dtype)
    }

    /// Small blocks put every case across many tile boundaries (partial
    /// blocks, rows whose visible keys start and end mid-block, register
    /// tiles of fewer than 6 rows), on 2 threads.
    @Test("matches the reference with small blocks on 2 threads", arguments: [(1, 16), (3, 16), (7, 32)])
    func smallBlocks(_ blocks: (Int, Int)) throws {
        for kase in KernelCase.matrix {
            try expectMatchesReference(FlashAttention(queryBlock: blocks.0, keyBlock: blocks.1, threads: 2), kase, .float32)
        }
    }

    @Test("matches the reference on random feature combinations", arguments: RandomCaseTests.seeds, [DType.float32, .bfloat16, .float64])
    func random(_ seed: UInt64, _ dtype: DType) throws {
        try expectMatchesReference(FlashAttention(queryBlock: 8, keyBlock: 16, threads: 2), .random(seed: seed), dtype)
    }

    /// Every mask kind at sizes spanning several default blocks (64 × 128).
    @Test("matches the reference across default blocks", arguments: FlashCases.multiBlock)
    func multiBlock(_ kase: KernelCase) throws {
        try expectMatchesReference(FlashAttention(threads: 2), kase, .float32)
    }

    @Test("skipping masked blocks changes no bit", arguments: FlashCases.multiBlock + FlashCases.randomSample)
    func skippingIsInvisible(_ kase: KernelCase) throws {
        let args = kase.arguments(.float32)
        for blocks in [(64, 128), (5, 16)] {
            let skipping = FlashAttention(queryBlock: blocks.0, keyBlock: blocks.1, threads: 1, skipsMaskedBlocks: true)
            let full = FlashAttention(queryBlock: blocks.0, keyBlock: blocks.1, threads: 1, skipsMaskedBlocks: false)
            let a = kase.output(.float32), b = kase.output(.float32)
            try skipping.forward(args, into: a)
            try full.forward(args, into: b)
            expectBitIdentical(a, b, "\(kase.name), blocks \(blocks): skipping vs not")
        }
    }

    @Test("the thread count changes no bit", arguments: FlashCases.multiBlock + FlashCases.randomSample)
    func threadCountIsInvisible(_ kase: KernelCase) throws {
        let args = kase.arguments(.bfloat16)
        let one = kase.output(.bfloat16)
        try FlashAttention(queryBlock: 4, keyBlock: 16, threads: 1).forward(args, into: one)
        for threads in [2, 3] {
            let other = kase.output(.bfloat16)
            try FlashAttention(queryBlock: 4, keyBlock: 16, threads: threads).forward(args, into: other)
            expectBitIdentical(one, other, "\(kase.name): 1 vs \(threads) threads")
        }
    }

    @Test("repeated runs are bit-identical", arguments: dtypes)
    func deterministic(_ dtype: DType) throws {
        try expectRepeatedRunsBitIdentical(FlashAttention(threads: 2), dtype)
    }

    @Test("declares every feature and element type, lse in the accumulation type")
    func capabilities() {
        let caps = FlashAttention().capabilities
        #expect(caps.dtypes == Set(DType.allCases))
        #expect(caps.features == Set(AttentionFeature.allCases))
        #expect(caps.fullyMaskedRows == .zero)
        #expect(caps.deterministic)
        #expect(caps.lsePrecision == nil)
        #expect(FlashAttention().name == "flash")
    }

    @Test("automatic threads: one for small calls, every processor for large ones")
    func automaticThreads() {
        let small = AttentionDims(batch: 1, queryLength: 128, keyLength: 128, queryHeads: 8, keyValueHeads: 8,
                                  headDim: 64, valueDim: 64)
        let large = AttentionDims(batch: 1, queryLength: 1024, keyLength: 1024, queryHeads: 8, keyValueHeads: 8,
                                  headDim: 64, valueDim: 64)
        #expect(FlashAttention.automaticThreads(for: small) == 1)
        #expect(FlashAttention.automaticThreads(for: large) == max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    @Test("invalid arguments and mis-shaped outputs are clear errors, not traps")
    func invalidCalls() throws {
        let kase = KernelCase("small", sq: 4, skv: 5)
        var args = kase.arguments(.float32)
        #expect(throws: AttestError.self) { try FlashAttention().forward(args, into: AttentionOutput.allocate(
            AttentionDims(batch: 1, queryLength: 5, keyLength: 5, queryHeads: 2, keyValueHeads: 2, headDim: 8, valueDim: 8),
            dtype: .float32)) }
        args.mask.keyLengths = [9]
        #expect(throws: AttestError.self) { try FlashAttention().forward(args, into: kase.output(.float32)) }
    }

    @Test("writes o in the output buffer's element type, independent of the input's",
          arguments: [(DType.float16, DType.float64), (.float32, .bfloat16), (.bfloat16, .float32)])
    func mixedOutputTypes(_ types: (DType, DType)) throws {
        let kase = KernelCase("mixed", b: 2, sq: 6, skv: 9, hq: 2) { $0.causal = .bottomRight }
        let args = kase.arguments(types.0)
        let out = AttentionOutput.allocate(args.dims, dtype: types.1, lseDType: types.1)
        try FlashAttention().forward(args, into: out)
        let same = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
        try FlashAttention().forward(args, into: same)
        expectBitIdentical(out.o, same.o.converted(to: types.1), "o in \(types.1)")
        expectBitIdentical(out.lse!, same.lse!.converted(to: types.1), "lse in \(types.1)")
    }
}
