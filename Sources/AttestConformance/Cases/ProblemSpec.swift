import AttestCore
import AttestTensor

/// The parameters of one generated attention problem, read from and written
/// to the parameter part of a case id (see `CaseID`). Everything not written
/// here (the numbers, padding lengths, packed offsets, boolean masks, biases)
/// is drawn from `SeededGenerator(hashing: id)`.
///
/// | key    | meaning |
/// |--------|---------|
/// | dtype  | f64, f32, f16, bf16 |
/// | B, Hq, Hkv, Sq, Skv, D, Dv | the sizes (`AttentionDims`) |
/// | mask   | `none` or `+`-joined: causal_tl, causal_br, window, key_padding, query_padding, varlen, bool_mask |
/// | wl, wr | window left/right (integer or `inf`), only with `window` |
/// | scale  | explicit scale (omitted: 1/sqrt(D)) |
/// | softcap| tanh cap (omitted: none) |
/// | bias   | `1`: an additive bias `[1, Hq, Sq, Skv]` with some -inf entries |
/// | alibi  | `1`: ALiBi slopes `2^(-8(h+1)/Hq)` |
/// | dist   | normal, normal_x3, uniform, outliers, large_logits |
/// | seed   | integer; changes every drawn number |
public struct ProblemSpec: Sendable, Hashable {
    public var dtype: DType
    public var dims: AttentionDims
    public var mask: [String]
    public var windowLeft: Int?
    public var windowRight: Int?
    public var hasWindow: Bool { mask.contains("window") }
    public var scale: Double?
    public var softcap: Double?
    public var bias: Bool
    public var alibi: Bool
    public var distribution: String
    public var seed: Int

    public static let maskOrder = ["causal_tl", "causal_br", "window", "key_padding", "query_padding", "varlen", "bool_mask"]
    public static let distributions = ["normal", "normal_x3", "uniform", "outliers", "large_logits"]

    public init(dtype: DType, dims: AttentionDims, mask: [String] = [], windowLeft: Int? = nil, windowRight: Int? = nil,
                scale: Double? = nil, softcap: Double? = nil, bias: Bool = false, alibi: Bool = false,
                distribution: String = "normal", seed: Int = 0) {
        self.dtype = dtype
        self.dims = dims
        self.mask = ProblemSpec.maskOrder.filter(mask.contains)
        precondition(self.mask.count == mask.count, "unknown mask flag in \(mask)")
        self.windowLeft = windowLeft
        self.windowRight = windowRight
        self.scale = scale
        self.softcap = softcap
        self.bias = bias
        self.alibi = alibi
        self.distribution = distribution
        self.seed = seed
    }

    /// The id parameters of this problem, canonical.
    public var parameters: [String: String] {
        var p: [String: String] = [
            "dtype": dtype.shortName, "B": "\(dims.batch)", "Hq": "\(dims.queryHeads)", "Hkv": "\(dims.keyValueHeads)",
            "Sq": "\(dims.queryLength)", "Skv": "\(dims.keyLength)", "D": "\(dims.headDim)", "Dv": "\(dims.valueDim)",
            "mask": mask.isEmpty ? "none" : mask.joined(separator: "+"), "dist": distribution, "seed": "\(seed)",
        ]
        if hasWindow {
            p["wl"] = windowLeft.map { "\($0)" } ?? "inf"
            p["wr"] = windowRight.map { "\($0)" } ?? "inf"
        }
        if let scale { p["scale"] = "\(scale)" }
        if let softcap { p["softcap"] = "\(softcap)" }
        if bias { p["bias"] = "1" }
        if alibi { p["alibi"] = "1" }
        return p
    }

    /// Reads a spec from an id's parameters; throws naming a missing or bad one.
    public init(_ id: CaseID) throws {
        func need(_ key: String) throws -> String {
            guard let v = id[key] else { throw ConformanceError.badCaseID(id.description, "missing parameter '\(key)'") }
            return v
        }
        func int(_ key: String) throws -> Int {
            guard let v = Int(try need(key)) else { throw ConformanceError.badCaseID(id.description, "'\(key)' is not an integer") }
            return v
        }
        func bound(_ key: String) throws -> Int? {
            let v = try need(key)
            if v == "inf" { return nil }
            guard let n = Int(v) else { throw ConformanceError.badCaseID(id.description, "'\(key)' must be an integer or inf") }
            return n
        }
        guard let dtype = DType.allCases.first(where: { $0.shortName == id["dtype"] }) else {
            throw ConformanceError.badCaseID(id.description, "dtype must be one of f64, f32, f16, bf16")
        }
        let dims = AttentionDims(batch: try int("B"), queryLength: try int("Sq"), keyLength: try int("Skv"),
                                 queryHeads: try int("Hq"), keyValueHeads: try int("Hkv"), headDim: try int("D"),
                                 valueDim: try int("Dv"))
        let maskText = try need("mask")
        let mask = maskText == "none" ? [] : maskText.split(separator: "+").map(String.init)
        guard mask.allSatisfy(ProblemSpec.maskOrder.contains), mask == ProblemSpec.maskOrder.filter(mask.contains) else {
            throw ConformanceError.badCaseID(id.description, "mask must be none or +-joined in order \(ProblemSpec.maskOrder)")
        }
        let dist = id["dist"] ?? "normal"
        guard ProblemSpec.distributions.contains(dist) else {
            throw ConformanceError.badCaseID(id.description, "dist must be one of \(ProblemSpec.distributions)")
        }
        func double(_ key: String) throws -> Double? {
            guard let v = id[key] else { return nil }
            guard let d = Double(v), d.isFinite else { throw ConformanceError.badCaseID(id.description, "'\(key)' is not a finite number") }
            return d
        }
        self.init(dtype: dtype, dims: dims, mask: mask,
                  windowLeft: mask.contains("window") ? try bound("wl") : nil,
                  windowRight: mask.contains("window") ? try bound("wr") : nil,
                  scale: try double("scale"), softcap: try double("softcap"),
                  bias: id["bias"] == "1", alibi: id["alibi"] == "1", distribution: dist, seed: try int("seed"))
    }

    /// The feature tags of this problem (`CaseTags`).
    public var tags: [String] {
        CaseTags.of(CaseID(kind: "fwd", source: "gen", group: "tags", parameters: parameters))
    }
}
