import AttestCore
import AttestTensor

/// The multi-head attention module of a transformer layer, around any core
/// attention kernel (PyTorch `nn.Linear` convention: `y = x · Wᵀ + b`).
///
///     x        [B, S, dModel]
///     qkv    = x · Wqkvᵀ + bqkv           [B, S, Hq·D + Hkv·D + Hkv·Dv]   (one fused projection)
///     q      = qkv[..., 0 ..< Hq·D]       reshaped to [B, S, Hq, D]       (split by indexing,
///     k      = qkv[..., next Hkv·D]       reshaped to [B, S, Hkv, D]       head split by reshape;
///     v      = qkv[..., last Hkv·Dv]      reshaped to [B, S, Hkv, Dv]      column h·D + d is head h)
///     o      = core(q, k, v, options)     [B, S, Hq, Dv]
///     y      = o.reshape([B, S, Hq·Dv]) · Woᵀ + bo    [B, S, dModel]     (output projection, always applied)
///
/// Precision: both projections accumulate in float64. q, k and v are rounded
/// once to `dtype` before the core, which writes o in `dtype`; o is widened
/// exactly for the output projection.
public struct MultiHeadAttention: Sendable {
    /// `[Hq·D + Hkv·D + Hkv·Dv, dModel]`
    public var qkvWeight: Tensor<Double>
    /// `[Hq·D + Hkv·D + Hkv·Dv]`
    public var qkvBias: Tensor<Double>
    /// `[dModel, Hq·Dv]`
    public var outputWeight: Tensor<Double>
    /// `[dModel]`
    public var outputBias: Tensor<Double>
    public var queryHeads: Int
    public var keyValueHeads: Int
    public var headDim: Int
    public var valueDim: Int

    public init(qkvWeight: Tensor<Double>, qkvBias: Tensor<Double>, outputWeight: Tensor<Double>,
                outputBias: Tensor<Double>, queryHeads: Int, keyValueHeads: Int, headDim: Int, valueDim: Int) throws {
        let fused = queryHeads * headDim + keyValueHeads * headDim + keyValueHeads * valueDim
        func fail(_ s: String) -> AttestError { .invalidArguments("MultiHeadAttention: \(s)") }
        guard queryHeads >= 1, keyValueHeads >= 1, headDim >= 1, valueDim >= 1, queryHeads % keyValueHeads == 0 else {
            throw fail("heads Hq=\(queryHeads), Hkv=\(keyValueHeads), D=\(headDim), Dv=\(valueDim) must be >= 1 with Hq % Hkv == 0")
        }
        guard qkvWeight.rank == 2, qkvWeight.shape[0] == fused else {
            throw fail("qkvWeight must be [Hq·D + Hkv·D + Hkv·Dv = \(fused), dModel], got \(qkvWeight.shape)")
        }
        let dModel = qkvWeight.shape[1]
        guard qkvBias.shape == [fused] else { throw fail("qkvBias must be [\(fused)], got \(qkvBias.shape)") }
        guard outputWeight.shape == [dModel, queryHeads * valueDim] else {
            throw fail("outputWeight must be [dModel = \(dModel), Hq·Dv = \(queryHeads * valueDim)], got \(outputWeight.shape)")
        }
        guard outputBias.shape == [dModel] else { throw fail("outputBias must be [\(dModel)], got \(outputBias.shape)") }
        self.qkvWeight = qkvWeight
        self.qkvBias = qkvBias
        self.outputWeight = outputWeight
        self.outputBias = outputBias
        self.queryHeads = queryHeads
        self.keyValueHeads = keyValueHeads
        self.headDim = headDim
        self.valueDim = valueDim
    }

    public var modelDim: Int { qkvWeight.shape[1] }

    /// Applies the module to `x [B, S, dModel]` with `core` as the attention.
    /// `options` supplies every non-tensor parameter (mask, scale, softcap,
    /// bias, ALiBi); its q, k and v are ignored.
    public func callAsFunction(_ x: Tensor<Double>, core: any AttentionKernel, options: AttentionOptions = AttentionOptions(),
                               dtype: DType = .float64) throws -> Tensor<Double> {
        guard x.rank == 3, x.shape[2] == modelDim else {
            throw AttestError.invalidArguments("MultiHeadAttention: x must be [B, S, dModel = \(modelDim)], got \(x.shape)")
        }
        let (B, S) = (x.shape[0], x.shape[1])
        let qkv = linear(x, weight: qkvWeight, bias: qkvBias)
        let qWidth = queryHeads * headDim, kWidth = keyValueHeads * headDim, vWidth = keyValueHeads * valueDim
        let q = try qkv.narrow(axis: 2, start: 0, length: qWidth).reshape([B, S, queryHeads, headDim])
        let k = try qkv.narrow(axis: 2, start: qWidth, length: kWidth).reshape([B, S, keyValueHeads, headDim])
        let v = try qkv.narrow(axis: 2, start: qWidth + kWidth, length: vWidth).reshape([B, S, keyValueHeads, valueDim])
        let args = options.arguments(q: .converting(q, to: dtype), k: .converting(k, to: dtype), v: .converting(v, to: dtype))
        let o = try core(args).o.widened()
        return linear(try o.reshape([B, S, queryHeads * valueDim]), weight: outputWeight, bias: outputBias)
    }

    /// `x · Wᵀ + b` over the last axis, float64, each output summed from the
    /// bias then in input-column order.
    func linear(_ x: Tensor<Double>, weight: Tensor<Double>, bias: Tensor<Double>) -> Tensor<Double> {
        let (rows, n, c) = (x.shape[0] * x.shape[1], weight.shape[0], weight.shape[1])
        let xs = x.scalars, ws = weight.scalars, bs = bias.scalars
        var out = [Double](repeating: 0, count: rows * n)
        for r in 0 ..< rows {
            for o in 0 ..< n {
                var sum = bs[o]
                for k in 0 ..< c { sum += xs[r * c + k] * ws[o * c + k] }
                out[r * n + o] = sum
            }
        }
        return Tensor(shape: [x.shape[0], x.shape[1], n], elements: out)
    }
}

/// The parameters of an attention call other than q, k and v.
public struct AttentionOptions: Sendable {
    public var scale: Double?
    public var softcap: Double?
    public var mask: AttentionMask
    public var bias: AnyTensor?
    public var alibiSlopes: [Double]?

    public init(scale: Double? = nil, softcap: Double? = nil, mask: AttentionMask = AttentionMask(),
                bias: AnyTensor? = nil, alibiSlopes: [Double]? = nil) {
        self.scale = scale
        self.softcap = softcap
        self.mask = mask
        self.bias = bias
        self.alibiSlopes = alibiSlopes
    }

    public func arguments(q: AnyTensor, k: AnyTensor, v: AnyTensor) -> AttentionArguments {
        AttentionArguments(q: q, k: k, v: v, scale: scale, softcap: softcap, mask: mask, bias: bias, alibiSlopes: alibiSlopes)
    }
}
