import AttestCore
import AttestTensor
import AttestTestSupport
import Testing

/// What a call needs (`requiredFeatures`) and whether declared capabilities
/// cover it (`support(for:)`): a gap is `.notSupported` with a reason naming
/// it, and `callAsFunction` turns that into `AttestError.notSupported`.
@Suite("Kernel capabilities")
struct CapabilitiesTests {
    /// B = 1, Sq = 2, Skv = 2, Hq = Hkv = 1, D = Dv = 2, float32, nothing optional.
    static func plain() -> AttentionArguments {
        let t = AnyTensor.filled(.float32, shape: [1, 2, 1, 2], value: 0)
        return AttentionArguments(q: t, k: t.copy(), v: t.copy())
    }

    @Test("each optional part of a call maps to its feature")
    func requiredFeatures() {
        var args = Self.plain()
        #expect(args.requiredFeatures.isEmpty)
        args.mask = AttentionMask(causal: .topLeft, window: SlidingWindow(left: 1, right: nil), keyLengths: [1], queryLengths: [2],
                                  boolean: Tensor(shape: [1, 1, 2, 2], repeating: true))
        args.bias = .filled(.float64, shape: [1, 1, 2, 2], value: 0)
        args.alibiSlopes = [1]
        args.softcap = 30
        #expect(args.requiredFeatures == [.causalTopLeft, .slidingWindow, .keyPadding, .queryPadding, .booleanMask,
                                          .additiveBias, .alibi, .softcap])
        args.mask = AttentionMask(causal: .bottomRight, packed: PackedSequences(queryOffsets: [0, 2], keyOffsets: [0, 2]))
        #expect(args.requiredFeatures.isSuperset(of: [.causalBottomRight, .packedSequences]))
        let gqa = AttentionArguments(q: .filled(.float32, shape: [1, 1, 4, 2], value: 0), k: .filled(.float32, shape: [1, 1, 2, 2], value: 0),
                                     v: .filled(.float32, shape: [1, 1, 2, 3], value: 0))
        #expect(gqa.requiredFeatures == [.groupedQuery, .valueDimDiffers])
    }

    @Test("support names the first gap: element type, then features, then head size")
    func support() {
        let args = Self.plain()
        #expect(KernelCapabilities.complete.support(for: args) == .supported)
        let f64 = KernelCapabilities(dtypes: [.float64, .bfloat16], features: [])
        #expect(f64.support(for: args) == .notSupported("element type f32 (supports bf16, f64)"))
        var needy = args
        needy.softcap = 1
        needy.alibiSlopes = [0]
        let noFeatures = KernelCapabilities(dtypes: [.float32], features: [.softcap])
        #expect(noFeatures.support(for: needy) == .notSupported("feature alibi"))
        let small = KernelCapabilities(dtypes: [.float32], features: [], maxHeadDim: 1)
        #expect(small.support(for: args) == .notSupported("head size 2 > 1"))
        #expect(!small.support(for: args).isSupported)
        // plain() is 2·1·1·2·2·(2+2) = 32 FLOPs.
        let tiny = KernelCapabilities(dtypes: [.float32], features: [], maxFlops: 31)
        #expect(tiny.support(for: args) == .notSupported("32 FLOPs (2·B·Hq·Sq·Skv·(D+Dv)) > its limit of 31"))
        #expect(KernelCapabilities(dtypes: [.float32], features: [], maxFlops: 32).support(for: args) == .supported)
        #expect(KernelCapabilities.literal.maxFlops == 8_589_934_592)
    }

    @Test("dims, shapes and the GQA head map")
    func dims() {
        let d = AttentionDims(batch: 2, queryLength: 3, keyLength: 5, queryHeads: 6, keyValueHeads: 2, headDim: 4, valueDim: 7)
        #expect(d.groupSize == 3)
        #expect((0 ..< 6).map(d.keyValueHead(forQueryHead:)) == [0, 0, 0, 1, 1, 1])
        #expect(d.queryShape == [2, 3, 6, 4] && d.keyShape == [2, 5, 2, 4] && d.valueShape == [2, 5, 2, 7])
        #expect(d.outputShape == [2, 3, 6, 7] && d.lseShape == [2, 6, 3])
        #expect(d.description == "B=2 Sq=3 Skv=5 Hq=6 Hkv=2 D=4 Dv=7")
    }

    @Test("callAsFunction allocates o in the input type and lse in float64 only for kernels that write it")
    func allocation() throws {
        struct NoLSE: AttentionKernel {
            var name: String { "nolse" }
            var capabilities: KernelCapabilities { KernelCapabilities(dtypes: [.float32], features: []) }
            func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
                output.o.assign(from: Tensor<Double>(shape: args.dims.outputShape, repeating: 0))
            }
        }
        let out = try NoLSE()(Self.plain())
        #expect(out.o.dtype == .float32 && out.o.shape == [1, 2, 1, 2] && out.lse == nil)
        let full = try FakeKernel(name: "ref")(Self.plain())
        #expect(full.lse?.dtype == .float64 && full.lse?.shape == [1, 1, 2])
        var bad = Self.plain()
        bad.softcap = 1
        #expect(throws: AttestError.notSupported(kernel: "nolse", reason: "feature softcap")) { try NoLSE()(bad) }
    }
}
