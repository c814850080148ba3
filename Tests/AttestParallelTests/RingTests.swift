import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing
@testable import AttestParallel

@Suite("Ring preamble")
struct RingTests {
    @Test("ring agrees with the reference for every P, layout and B", arguments: [1, 2, 3, 4, 8], RingLayout.allCases)
    func agreesWithCore(world: Int, layout: RingLayout) throws {
        for batch in [1, 3] {
            for causal in [CausalAlignment?.none, .topLeft, .bottomRight] {
                let s = layout == .zigzag ? 2 * world * 2 : 13
                let shape = Shape(b: batch, sq: s, skv: s, hq: 6, hkv: 2, d: 4, dv: 3)
                var args = randomArguments(shape, seed: UInt64(world * 10 + batch))
                args.mask.causal = causal
                let stack = StackedKernel(preamble: RingPreamble(world: world, layout: layout), core: ReferenceAttention())
                let name = "P=\(world) \(layout) causal=\(String(describing: causal)) \(shape)"
                #expect(stack.support(for: args) == .supported, "\(name)")
                try expectWithinTolerance(try run(stack, args), for: args, name)
            }
        }
    }

    @Test("every feature agrees with the reference (masks rebuilt from global positions)",
          arguments: Variant.allCases, [(3, RingLayout.contiguous), (4, .contiguous), (2, .zigzag)])
    func features(variant: Variant, config: (Int, RingLayout)) throws {
        let (world, layout) = config
        let args = variant.arguments()
        let stack = StackedKernel(preamble: RingPreamble(world: world, layout: layout), core: ReferenceAttention())
        let name = "\(variant) P=\(world) \(layout)"
        guard variant.shape.sq % (layout == .zigzag ? 2 * world : 1) == 0, variant.shape.skv % (layout == .zigzag ? 2 * world : 1) == 0 else {
            #expect(!stack.support(for: args).isSupported, "\(name)")
            return
        }
        #expect(stack.support(for: args) == .supported, "\(name)")
        try expectWithinTolerance(try run(stack, args), for: args, name)
    }

    @Test("sliding windows that leave ring blocks empty, and fully masked rows, are exact")
    func emptyBlocks() throws {
        var args = randomArguments(Shape(b: 3, sq: 16, skv: 16, hq: 2, hkv: 1, d: 4, dv: 4), seed: 4)
        args.mask = AttentionMask(causal: .topLeft, window: SlidingWindow(left: 1, right: 0), queryLengths: [16, 5, 0])
        let preamble = RingPreamble(world: 4)
        let out = try run(StackedKernel(preamble: preamble, core: ReferenceAttention()), args)
        try expectWithinTolerance(out, for: args, "window 1 at P=4")
        // Row 10 of batch 1 and every row of batch 2 are padding: o = 0 and lse = -inf exactly.
        for (b, i) in [(1, 10), (2, 0), (2, 15)] {
            #expect(out.lse?.double(at: [b, 0, i]) == -.infinity)
            #expect((0 ..< 4).allSatisfy { out.o.double(at: [b, i, 0, $0]) == 0 })
        }
        // With window 1, rank r's queries see only blocks r and r - 1: the others were skipped.
        let work = try #require(preamble.log.last?.coreWork)
        #expect(work[0] < work[1], "rank 0 evaluated \(work[0]) score entries, rank 1 \(work[1])")
    }

    @Test("each rank's communication equals 2 (P-1) B (S/P) Hkv D", arguments: [2, 3, 4, 8], RingLayout.allCases)
    func communicationVolume(world p: Int, layout: RingLayout) throws {
        let shape = Shape(b: 3, sq: 2 * p * 2, skv: 2 * p * 2, hq: 4, hkv: 2, d: 4, dv: 4)
        var args = randomArguments(shape, dtype: .float32)
        args.mask.causal = .topLeft
        let preamble = RingPreamble(world: p, layout: layout)
        _ = try run(StackedKernel(preamble: preamble, core: ReferenceAttention()), args)
        let ledger = try #require(preamble.log.last)
        let expected = 2 * (p - 1) * shape.b * (shape.sq / p) * shape.hkv * shape.d
        for r in 0 ..< p {
            #expect(ledger.ranks[r] == Traffic(elementsSent: expected, elementsReceived: expected, bytesSent: 4 * expected, bytesReceived: 4 * expected),
                    "P=\(p) \(layout) rank \(r): \(ledger.ranks[r])")
        }
    }

    @Test("causal work: contiguous rank r evaluates (r+1) blocks; zigzag balances every rank", arguments: [2, 4])
    func loadBalance(world p: Int) throws {
        let c = 4, s = 2 * p * c
        var args = randomArguments(Shape(b: 1, sq: s, skv: s, hq: 2, hkv: 2, d: 2, dv: 2))
        args.mask.causal = .topLeft
        for layout in RingLayout.allCases {
            let preamble = RingPreamble(world: p, layout: layout)
            _ = try run(StackedKernel(preamble: preamble, core: ReferenceAttention()), args)
            let work = try #require(preamble.log.last?.coreWork)
            let n = s / p
            switch layout {
            case .contiguous: #expect(work == (0 ..< p).map { ($0 + 1) * n * n }, "\(layout): \(work)")
            case .zigzag: #expect(work == Array(repeating: n * n + (p - 1) * n * n / 2, count: p), "\(layout): \(work)")
            }
        }
    }

    @Test("a core that does not return lse is not supported, with the reason")
    func needsLSE() throws {
        let args = randomArguments(Shape())
        let core = FakeKernel.reference(without: [.logSumExp])
        let preamble = RingPreamble(world: 2)
        guard case let .notSupported(reason) = StackedKernel(preamble: preamble, core: core).support(for: args) else {
            Issue.record("ring accepted a core without lse")
            return
        }
        #expect(reason.contains("ring needs a core that returns lse"), "\(reason)")
        #expect(throws: AttestError.self) { try preamble.forward(args, into: AttentionOutput.allocate(args.dims, dtype: .float64), core: core) }
        #expect(preamble.log.ledgers.isEmpty)
    }

    @Test("a core without boolean masks still runs plain causal rings, and padding is refused with the reason")
    func blockMaskKinds() throws {
        var args = randomArguments(Shape(b: 1, sq: 8, skv: 8, hq: 2, hkv: 2, d: 2, dv: 2))
        args.mask.causal = .topLeft
        let core = FakeKernel.reference(without: [.booleanMask])
        for layout in RingLayout.allCases {
            let stack = StackedKernel(preamble: RingPreamble(world: 2, layout: layout), core: core)
            #expect(stack.support(for: args) == .supported)
            try expectWithinTolerance(try run(stack, args), for: args, "\(layout) without boolean masks")
        }
        args.mask.keyLengths = [5]
        #expect(!StackedKernel(preamble: RingPreamble(world: 2), core: core).support(for: args).isSupported)
    }

    @Test("invalid layouts are rejected before any collective", arguments: [
        (Shape(b: 1, sq: 12, skv: 12, hq: 2, hkv: 2, d: 2, dv: 2), 4, RingLayout.zigzag, "zigzag needs Sq % 2P == 0"),
        (Shape(b: 1, sq: 3, skv: 8, hq: 2, hkv: 2, d: 2, dv: 2), 4, .contiguous, "every rank needs one token"),
    ])
    func rejections(shape: Shape, world: Int, layout: RingLayout, rule: String) throws {
        let args = randomArguments(shape)
        let preamble = RingPreamble(world: world, layout: layout)
        guard case let .notSupported(reason) = preamble.support(for: args, core: ReferenceAttention()) else {
            Issue.record("accepted")
            return
        }
        #expect(reason.contains(rule), "\(reason)")
        #expect(throws: AttestError.self) { try preamble.forward(args, into: AttentionOutput.allocate(args.dims, dtype: .float64), core: ReferenceAttention()) }
        #expect(preamble.log.ledgers.isEmpty)
    }

    @Test("the log-sum-exp merge: -inf blocks weigh exactly 0, even with NaN outputs")
    func mergeEdgeCases() {
        func block(_ o: Double, _ lse: Double) -> AttentionOutput {
            AttentionOutput(o: .float64(Tensor(shape: [1, 1, 1, 1], repeating: o)), lse: .float64(Tensor(shape: [1, 1, 1], repeating: lse)))
        }
        var merge = LogSumExpMerge(batch: 1, rows: 1, heads: 1, valueDim: 1)
        merge.merge(block(.nan, -.infinity), firstRow: 0)
        #expect(merge.o == [0] && merge.lse == [-.infinity], "a fully masked block changed an empty row")
        merge.merge(block(2, 0), firstRow: 0)
        #expect(merge.o == [2] && merge.lse == [0])
        merge.merge(block(.nan, -.infinity), firstRow: 0)
        #expect(merge.o == [2] && merge.lse == [0], "a fully masked block changed a row")
        merge.merge(block(4, 0), firstRow: 0)
        // Two blocks of equal lse: the mean of their outputs, lse + log 2 (exact in binary).
        #expect(merge.o == [3])
        #expect(abs(merge.lse[0] - 0.6931471805599453) < 1e-16)
    }
}
