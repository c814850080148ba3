import AttestTensor

/// One call of attention: the inputs and every parameter of the contract in
/// `docs/semantics.md`. Shapes use the legend of `AttentionDims`.
///
/// Score of query i and key j in batch b, query head h (kv head `h / (Hq/Hkv)`):
///
///     s = scale · (q[b,i,h,:] · k[b,j,kvh,:])     scale defaults to 1/sqrt(D)
///     s = softcap · tanh(s / softcap)              only when softcap is set
///     s = s + bias[b,h,i,j] + alibi(h, i, j)       only when set
///     s = -inf where the mask hides key j           (see AttentionMask)
///     lse = log Σ_j exp(s_j)   (natural log; -inf when no key is visible)
///     o[b,i,h,:] = Σ_j exp(s_j - lse) · v[b,j,kvh,:]   (0 when no key is visible)
public struct AttentionArguments: Sendable {
    /// `[B, Sq, Hq, D]`
    public var q: AnyTensor
    /// `[B, Skv, Hkv, D]`
    public var k: AnyTensor
    /// `[B, Skv, Hkv, Dv]`
    public var v: AnyTensor
    /// Multiplies q·k; nil means `1/sqrt(D)`. Any finite value, negative included.
    public var scale: Double?
    /// Tanh soft-capping of the scaled scores; nil for none. Must be > 0.
    public var softcap: Double?
    public var mask: AttentionMask
    /// Additive score bias `[Bb, Hb, Sq, Skv]` with Bb in {1, B}, Hb in {1, Hq};
    /// -infinity entries mask, NaN and +infinity are invalid.
    public var bias: AnyTensor?
    /// ALiBi slope per query head (`[Hq]`): adds `-slope · |i' + skv - sq - j'|`
    /// on segment-local positions (FlashAttention's `alibi_slopes`).
    public var alibiSlopes: [Double]?

    public init(q: AnyTensor, k: AnyTensor, v: AnyTensor, scale: Double? = nil, softcap: Double? = nil,
                mask: AttentionMask = AttentionMask(), bias: AnyTensor? = nil, alibiSlopes: [Double]? = nil) {
        self.q = q
        self.k = k
        self.v = v
        self.scale = scale
        self.softcap = softcap
        self.mask = mask
        self.bias = bias
        self.alibiSlopes = alibiSlopes
    }

    /// The sizes read off q, k and v. Meaningful only for rank-4 inputs; call
    /// `validate()` first to get a clear error for anything else.
    public var dims: AttentionDims {
        let q = self.q.shape, k = self.k.shape, v = self.v.shape
        return AttentionDims(batch: q[0], queryLength: q[1], keyLength: k[1], queryHeads: q[2],
                             keyValueHeads: k[2], headDim: q[3], valueDim: v[3])
    }

    /// The element type of q, k and v (validated to agree).
    public var dtype: DType { q.dtype }

    /// The scale actually used: `scale` or `1/sqrt(D)`.
    public var effectiveScale: Double { scale ?? 1 / Double(dims.headDim).squareRoot() }
}
