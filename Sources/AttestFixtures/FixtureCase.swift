import AttestCore
import AttestTensor

/// One golden case as described by its group's attributes (schema version 1).
/// The tensors are loaded separately (`FixtureFile.load`).
public struct FixtureCase: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Core attention: q, k, v -> o, lse.
        case forward = "fwd"
        /// The multi-head attention module: x -> y (core in float64).
        case module = "mha"
    }

    /// The group name inside the file: `c0000`, `c0001`, ...
    public var group: String
    /// The canonical id as stored, e.g. `fwd:golden:masks:dtype=f32;B=2;...;seed=3`; its grammar (and
    /// the check that the stored id matches the stored call) is `CaseSpec` in the conformance module.
    public var id: String
    public var kind: Kind
    /// The file's family (`masks`, `gqa`, ...).
    public var family: String
    /// Element type of the stored inputs q, k, v (of x for module cases, whose q, k, v are float64).
    public var dtype: DType
    public var dims: AttentionDims
    /// Model width of module cases (nil for core cases).
    public var modelDim: Int?
    /// The scale actually used, and whether it is the default 1/sqrt(D).
    public var scale: Double
    public var scaleIsDefault: Bool
    /// nil for none (stored as 0.0).
    public var softcap: Double?
    public var causal: CausalAlignment?
    /// nil when the case has no window (stored as -1, -1).
    public var window: SlidingWindow?
    public var seed: Int64
    public var rng: String
    public var distribution: String
    public var description: String

    public init(group: String, id: String, kind: Kind, family: String, dtype: DType, dims: AttentionDims,
                modelDim: Int? = nil, scale: Double, scaleIsDefault: Bool, softcap: Double? = nil,
                causal: CausalAlignment? = nil, window: SlidingWindow? = nil, seed: Int64,
                rng: String = "numpy.random.PCG64", distribution: String, description: String) {
        self.group = group
        self.id = id
        self.kind = kind
        self.family = family
        self.dtype = dtype
        self.dims = dims
        self.modelDim = modelDim
        self.scale = scale
        self.scaleIsDefault = scaleIsDefault
        self.softcap = softcap
        self.causal = causal
        self.window = window
        self.seed = seed
        self.rng = rng
        self.distribution = distribution
        self.description = description
    }
}

/// A case with its tensors: the attention call and the expected outputs.
///
/// Expected outputs are float64, computed by the generator in float64 from the
/// stored (rounded) inputs: `o [B, Sq, Hq, Dv]`, `lse [B, Hq, Sq]` (natural log,
/// -inf for fully masked rows, where o is exactly 0).
public struct LoadedFixtureCase: Sendable {
    public var fixture: FixtureCase
    /// q, k, v in the stored element type (float64 for module cases) and every
    /// other parameter mapped to AttestCore types.
    public var arguments: AttentionArguments
    public var expectedOutput: Tensor<Double>
    public var expectedLogSumExp: Tensor<Double>
    /// The module's weights, input and expected output (module cases only).
    public var module: FixtureModule?
}

/// A multi-head attention case (`kind = mha`), PyTorch `Linear` convention
/// `y = x · Wᵀ + b`, fused projection columns `[q heads | k heads | v heads]`:
///
///     x             [B, S, dModel]           in the case's dtype
///     qkvWeight     [Hq·D + Hkv·D + Hkv·Dv, dModel]    float64
///     qkvBias       [Hq·D + Hkv·D + Hkv·Dv]            float64
///     outputWeight  [dModel, Hq·Dv]                    float64
///     outputBias    [dModel]                           float64
///     expectedY     [B, S, dModel]                     float64
///
/// These are `MultiHeadAttention`'s initialiser arguments; the core runs in float64.
public struct FixtureModule: Sendable {
    public var x: AnyTensor
    public var qkvWeight: Tensor<Double>
    public var qkvBias: Tensor<Double>
    public var outputWeight: Tensor<Double>
    public var outputBias: Tensor<Double>
    public var expectedY: Tensor<Double>
}
