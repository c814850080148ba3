import AttestCore
import AttestTensor
import AttestTestSupport
import Testing

/// How an input or output tensor is laid out in memory.
enum TensorLayout: String, Sendable {
    /// Row-major `[B, S, H, X]`.
    case contiguous
    /// Stored `[B, H, S, X]` and viewed through `permute([0, 2, 1, 3])`.
    case permuted
    /// A view inside a NaN-filled larger storage: offset on every axis and a
    /// step of 2 on the last, so any read outside the view poisons the result.
    case poisoned
}

/// The additive bias of a case: broadcast shape and a fraction of -inf entries.
struct BiasSpec: Sendable {
    var perBatch = true
    var perHead = true
    var magnitude = 2.0
    var maskedFraction = 0.1
}

/// The boolean mask of a case: broadcast shape, visible fraction, and how many
/// query rows are entirely hidden.
struct BooleanMaskSpec: Sendable {
    var perBatch = true
    var perHead = true
    var visibleFraction = 0.7
    var hiddenRows = 2
}

/// One attention problem of the kernels' test matrix, built in any element type.
struct KernelCase: Sendable, CustomTestStringConvertible {
    var name: String
    var dims: AttentionDims
    var scale: Double? = nil
    var softcap: Double? = nil
    var causal: CausalAlignment? = nil
    var window: SlidingWindow? = nil
    var keyLengths: [Int]? = nil
    var queryLengths: [Int]? = nil
    var packed: PackedSequences? = nil
    var booleanMask: BooleanMaskSpec? = nil
    var bias: BiasSpec? = nil
    var alibi = false
    /// Multiplies the uniform [-1, 1) inputs of q and k.
    var magnitude = 1.0
    var inputLayout = TensorLayout.contiguous
    var outputLayout = TensorLayout.contiguous

    var testDescription: String { name }

    init(_ name: String, b: Int = 1, sq: Int, skv: Int, hq: Int = 2, hkv: Int? = nil, d: Int = 8, dv: Int? = nil,
         _ configure: (inout KernelCase) -> Void = { _ in }) {
        self.name = name
        dims = AttentionDims(batch: b, queryLength: sq, keyLength: skv, queryHeads: hq, keyValueHeads: hkv ?? hq,
                             headDim: d, valueDim: dv ?? d)
        configure(&self)
    }

    /// The call's arguments with q, k, v (and bias) in `dtype`; the same
    /// values (before rounding to `dtype`) for every element type.
    func arguments(_ dtype: DType) -> AttentionArguments {
        var rng = SeededGenerator(hashing: name)
        let d = dims
        let q = Self.tensor(d.queryShape, dtype, inputLayout, &rng, magnitude)
        let k = Self.tensor(d.keyShape, dtype, inputLayout, &rng, magnitude)
        let v = Self.tensor(d.valueShape, dtype, inputLayout, &rng, 1)
        var mask = AttentionMask(causal: causal, window: window, keyLengths: keyLengths, queryLengths: queryLengths,
                                 packed: packed)
        if let spec = booleanMask {
            let shape = [spec.perBatch ? d.batch : 1, spec.perHead ? d.queryHeads : 1, d.queryLength, d.keyLength]
            let hidden = Set((0 ..< spec.hiddenRows).map { ($0 * 7 + 3) % d.queryLength })
            mask.boolean = Tensor<Bool>(shape: shape) { index in
                hidden.contains(index[2]) ? false : rng.bernoulli(spec.visibleFraction)
            }
        }
        var args = AttentionArguments(q: q, k: k, v: v, scale: scale, softcap: softcap, mask: mask)
        if let spec = bias {
            let shape = [spec.perBatch ? d.batch : 1, spec.perHead ? d.queryHeads : 1, d.queryLength, d.keyLength]
            let values = Tensor<Double>(shape: shape) { _ in
                rng.bernoulli(spec.maskedFraction) ? -.infinity : spec.magnitude * rng.uniform(in: -1 ... 1)
            }
            args.bias = AnyTensor.converting(values, to: dtype)
        }
        if alibi { args.alibiSlopes = (0 ..< d.queryHeads).map { 1 / Double(1 << min($0 + 1, 8)) } }
        return args
    }

    /// NaN-filled output buffers for the kernel under test: o in `dtype`, lse
    /// in float64, laid out as `outputLayout` says.
    func output(_ dtype: DType) -> AttentionOutput {
        let d = dims
        let o = Self.buffer(d.outputShape, dtype, outputLayout)
        let lse: AnyTensor = switch outputLayout {
        case .contiguous: .filled(.float64, shape: d.lseShape, value: .nan)
        case .permuted: AnyTensor.filled(.float64, shape: [d.batch, d.queryLength, d.queryHeads], value: .nan)
            .permute([0, 2, 1])
        case .poisoned: AnyTensor.filled(.float64, shape: [d.batch + 1, d.queryHeads, 2 * d.queryLength + 1], value: .nan)
            .narrow(axis: 0, start: 1, length: d.batch).slice(axis: 2, 1 ..< 2 * d.queryLength + 1, step: 2)
        }
        return AttentionOutput(o: o, lse: lse)
    }

    /// A NaN-filled `[B, S, H, X]` buffer of `dtype` in `layout`.
    static func buffer(_ shape: [Int], _ dtype: DType, _ layout: TensorLayout) -> AnyTensor {
        let (b, s, h, x) = (shape[0], shape[1], shape[2], shape[3])
        switch layout {
        case .contiguous: return .filled(dtype, shape: shape, value: .nan)
        case .permuted: return AnyTensor.filled(dtype, shape: [b, h, s, x], value: .nan).permute([0, 2, 1, 3])
        case .poisoned:
            return AnyTensor.filled(dtype, shape: [b + 1, s + 2, h + 1, 2 * x + 1], value: .nan)
                .narrow(axis: 0, start: 1, length: b).narrow(axis: 1, start: 1, length: s)
                .narrow(axis: 2, start: 1, length: h).slice(axis: 3, 1 ..< 2 * x + 1, step: 2)
        }
    }

    /// Uniform `[-magnitude, magnitude)` values in `dtype` and `layout`.
    static func tensor(_ shape: [Int], _ dtype: DType, _ layout: TensorLayout, _ rng: inout SeededGenerator,
                       _ magnitude: Double) -> AnyTensor {
        let values = Tensor<Double>(shape: shape) { _ in magnitude * rng.uniform(in: -1 ... 1) }
        let t = buffer(shape, dtype, layout)
        t.assign(from: values)
        return t
    }
}
