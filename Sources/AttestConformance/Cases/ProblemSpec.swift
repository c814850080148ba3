import AttestCore
import AttestTensor

/// The problem of one case, typed: what the parameter part of a case id
/// says (`CaseSpec` prints and parses it). For generated and property cases
/// everything not written here (the numbers, padding lengths, packed offsets,
/// boolean masks, biases) is drawn from `SeededGenerator(hashing: id)`
/// (`ProblemSpec+Generation.swift`); for golden cases it describes the stored
/// call.
///
/// | field | id key | meaning |
/// |---|---|---|
/// | dtype | dtype | f64, f32, f16, bf16 (`DType.shortName`) |
/// | dims | B, Hq, Hkv, Sq, Skv, D, Dv | the sizes (`AttentionDims`) |
/// | modelDim | dmodel | model width of module golden cases (`mha:`), else absent |
/// | mask | mask | `none` or the mask features (`AttentionFeature.Kind.mask`), `+`-joined in `AttentionFeature.masks` order |
/// | windowLeft, windowRight | wl, wr | window edges (integer or `inf` for nil), present exactly when `mask` has `window` |
/// | scale | scale | explicit scale (absent: 1/sqrt(D)) |
/// | softcap | softcap | tanh cap (absent: none) |
/// | bias | bias | `1`: an additive bias `[1, Hq, Sq, Skv]` with some -inf entries |
/// | alibi | alibi | `1`: ALiBi slopes `2^(-8(h+1)/Hq)` |
/// | distribution | dist | `InputDistribution` |
/// | seed | seed | integer; changes every drawn number |
public struct ProblemSpec: Sendable, Hashable {
    public var dtype: DType
    public var dims: AttentionDims
    public var modelDim: Int?
    /// Mask features only (`kind == .mask`).
    public var mask: Set<AttentionFeature> {
        didSet { precondition(mask.allSatisfy { $0.kind == .mask }, "not mask features: \(mask.filter { $0.kind != .mask })") }
    }
    /// Window edges, meaningful only when `mask` holds `.slidingWindow` (nil: unbounded).
    public var windowLeft: Int?
    public var windowRight: Int?
    public var scale: Double?
    public var softcap: Double?
    public var bias: Bool
    public var alibi: Bool
    public var distribution: InputDistribution
    public var seed: Int

    public var hasWindow: Bool { mask.contains(.slidingWindow) }

    public init(dtype: DType, dims: AttentionDims, modelDim: Int? = nil, mask: Set<AttentionFeature> = [],
                windowLeft: Int? = nil, windowRight: Int? = nil, scale: Double? = nil, softcap: Double? = nil,
                bias: Bool = false, alibi: Bool = false, distribution: InputDistribution = .normal, seed: Int = 0) {
        precondition(mask.allSatisfy { $0.kind == .mask }, "not mask features: \(mask.filter { $0.kind != .mask })")
        self.dtype = dtype
        self.dims = dims
        self.modelDim = modelDim
        self.mask = mask
        self.windowLeft = windowLeft
        self.windowRight = windowRight
        self.scale = scale
        self.softcap = softcap
        self.bias = bias
        self.alibi = alibi
        self.distribution = distribution
        self.seed = seed
    }

    /// The spec of a given call (a golden fixture's, a fuzz problem's): every
    /// feature the call needs (`AttentionArguments.requiredFeatures`), its
    /// window edges, explicit scale and softcap. `dtype` is the element type
    /// of the stored inputs (of x for module cases, whose q, k, v are float64).
    public init(arguments args: AttentionArguments, dtype: DType, modelDim: Int? = nil,
                distribution: InputDistribution, seed: Int) {
        let needs = args.requiredFeatures
        self.init(dtype: dtype, dims: args.dims, modelDim: modelDim, mask: needs.filter { $0.kind == .mask },
                  windowLeft: args.mask.window?.left, windowRight: args.mask.window?.right,
                  scale: args.scale, softcap: args.softcap, bias: needs.contains(.additiveBias),
                  alibi: needs.contains(.alibi), distribution: distribution, seed: seed)
    }

    /// The head grouping: `mha` (Hkv = Hq), `mqa` (Hkv = 1 < Hq) or `gqa`.
    public var headGrouping: String {
        dims.keyValueHeads == dims.queryHeads ? "mha" : dims.keyValueHeads == 1 ? "mqa" : "gqa"
    }
}
