import AttestCore
import AttestKernels
import AttestTensor
import AttestTestSupport
import Testing

/// Keys a row cannot see must not influence it, whatever they hold: poisoning
/// masked key and value rows with NaN (and +inf) leaves o and lse bit-identical.
@Suite("Masked keys and values are never read into the result")
struct MaskedValueTests {
    static let kernels: [any AttentionKernel] = [TiledAttention(), TiledAttention(queryBlock: 3, keyBlock: 4),
                                                 BLASAttention(), BLASAttention(rowsPerChunk: 2),
                                                 FlashAttention(), FlashAttention(queryBlock: 3, keyBlock: 16, threads: 2)]

    /// Key padding hides keys past keyLengths[b]; a boolean mask column that
    /// is false in every row hides key 3 of batch 0 inside the visible range.
    static let kase = KernelCase("masked values", b: 2, sq: 9, skv: 14, hq: 2) {
        $0.keyLengths = [14, 8]
        $0.causal = .bottomRight
    }

    /// A value row visible to some rows and masked for others: rows that see
    /// it get a non-finite o, the others are unaffected.
    @Test("a non-finite value reaches exactly the rows that see it", arguments: kernels.indices)
    func nonFiniteVisibleValue(_ which: Int) throws {
        let kernel = Self.kernels[which]
        let kase = KernelCase("visible inf", sq: 6, skv: 6, hq: 1) { $0.causal = .topLeft }
        var args = kase.arguments(.float64)
        args.v = args.v.copy()
        args.v.set(.infinity, at: [0, 3, 0, 0]) // key 3, value feature 0: seen by queries 3, 4, 5
        let out = kase.output(.float64)
        try kernel.forward(args, into: out)
        for i in 0 ..< 6 {
            let o = out.o.double(at: [0, i, 0, 0])
            #expect(i >= 3 ? o == .infinity : o.isFinite, "\(kernel.name): o[0, \(i), 0, 0] = \(o)")
        }
    }

    /// NaN in a visible query is data, not masking: its row becomes NaN (as in
    /// the reference), never a silent o = 0, and no other row changes.
    @Test("a NaN query poisons its own row only", arguments: kernels.indices)
    func nanQuery(_ which: Int) throws {
        let kernel = Self.kernels[which]
        let kase = KernelCase("nan query", b: 2, sq: 7, skv: 9, hq: 2)
        let args = kase.arguments(.float32)
        let clean = kase.output(.float32)
        try kernel.forward(args, into: clean)
        var poisoned = args
        poisoned.q = args.q.copy()
        poisoned.q.set(.nan, at: [1, 4, 1, 0])
        let dirty = kase.output(.float32)
        try kernel.forward(poisoned, into: dirty)
        Tensor<Double>.forEachIndex(in: kase.dims.outputShape) { index in
            let (x, y) = (dirty.o.double(at: index), clean.o.double(at: index))
            let hit = index[0] == 1 && index[1] == 4 && index[2] == 1
            #expect(hit ? x.isNaN : x.bitPattern == y.bitPattern, "\(kernel.name): o\(index) = \(x), clean \(y)")
        }
        #expect(dirty.lse!.double(at: [1, 1, 4]).isNaN, "\(kernel.name): lse of the NaN row")
    }

    @Test("poisoned masked keys and values", arguments: kernels.indices, [DType.float32, .float64])
    func poisonedMaskedKeys(_ which: Int, _ dtype: DType) throws {
        let kernel = Self.kernels[which]
        var args = Self.kase.arguments(dtype)
        let d = args.dims
        args.mask.boolean = Tensor<Bool>(shape: [d.batch, 1, d.queryLength, d.keyLength]) { $0[0] != 0 || $0[3] != 3 }
        let clean = Self.kase.output(dtype)
        try kernel.forward(args, into: clean)

        var poisoned = args
        poisoned.k = args.k.copy()
        poisoned.v = args.v.copy()
        let hidden = [(0, 3)] + (8 ..< 14).map { (1, $0) } // (batch, key)
        for (b, j) in hidden {
            for h in 0 ..< d.keyValueHeads {
                for x in 0 ..< d.headDim { poisoned.k.set(.nan, at: [b, j, h, x]) }
                for e in 0 ..< d.valueDim { poisoned.v.set(e % 2 == 0 ? .nan : .infinity, at: [b, j, h, e]) }
            }
        }
        let dirty = Self.kase.output(dtype)
        try kernel.forward(poisoned, into: dirty)
        expectBitIdentical(dirty.o, clean.o, "\(kernel.name) \(dtype): o with NaN/inf in masked k and v")
        expectBitIdentical(dirty.lse!, clean.lse!, "\(kernel.name) \(dtype): lse with NaN/inf in masked k and v")
    }
}
