import AttestCore
import AttestTensor

/// The case-id grammar, its one printer and its one parser:
///
///     <kind>:<source>:<group>:dtype=..;B=..;Hq=..;Hkv=..;Sq=..;Skv=..;D=..;Dv=..[;dmodel=..];mask=..
///         [;wl=..;wr=..][;scale=..][;softcap=..][;bias=1][;alibi=1];dist=..;seed=..
///
/// - the head is `CaseOrigin`; `group` is non-empty and holds no `:`;
/// - keys appear in the order of `CaseSpec.keys` (the order of the fixture
///   schema, `fixtures/README.md`), each at most once; the table of
///   `ProblemSpec` says what each means;
/// - `dtype` is `DType.shortName`; sizes are integers >= 1 in decimal without
///   sign or leading zeros, and the problem they describe is within
///   `AttentionDims.checkSize` (`maxElements`, with a score plane when it has
///   a bias or a boolean mask, and `maxScorePairs`; checked here, before
///   anything is allocated); `mask` is `none` or `+`-joined `AttentionFeature`
///   raw values of kind `.mask` in `AttentionFeature.masks` order; `wl`, `wr`
///   (integer or `inf`) appear exactly when the mask holds `window`; `scale`
///   and `softcap` are finite, in Swift's shortest round-trip form (which is
///   Python's `repr(float)`, so the numpy fixture generator writes the same
///   ids); `bias` and `alibi` are only ever `1`; `dist` is `InputDistribution`.
///
/// An id is accepted only when it re-prints to the same bytes, so one case
/// has exactly one id (the data of generated cases is seeded by its hash).
extension CaseSpec {
    /// The parameter keys in canonical order.
    public static let keys = ["dtype", "B", "Hq", "Hkv", "Sq", "Skv", "D", "Dv", "dmodel", "mask", "wl", "wr",
                              "scale", "softcap", "bias", "alibi", "dist", "seed"]

    /// The canonical id: the one printer of the grammar.
    public var id: String {
        precondition(!origin.group.isEmpty && !origin.group.contains(":") && !origin.source.contains(":"),
                     "a case's source and group must be non-empty and hold no ':' (\(origin))")
        let p = problem, d = p.dims
        var parts = ["dtype=\(p.dtype.shortName)", "B=\(d.batch)", "Hq=\(d.queryHeads)", "Hkv=\(d.keyValueHeads)",
                     "Sq=\(d.queryLength)", "Skv=\(d.keyLength)", "D=\(d.headDim)", "Dv=\(d.valueDim)"]
        if let m = p.modelDim { parts.append("dmodel=\(m)") }
        let mask = AttentionFeature.masks.filter(p.mask.contains)
        parts.append("mask=" + (mask.isEmpty ? "none" : mask.map(\.rawValue).joined(separator: "+")))
        if p.hasWindow {
            parts.append("wl=" + (p.windowLeft.map(String.init) ?? "inf"))
            parts.append("wr=" + (p.windowRight.map(String.init) ?? "inf"))
        }
        if let scale = p.scale { parts.append("scale=\(scale)") }
        if let softcap = p.softcap { parts.append("softcap=\(softcap)") }
        if p.bias { parts.append("bias=1") }
        if p.alibi { parts.append("alibi=1") }
        parts += ["dist=\(p.distribution.rawValue)", "seed=\(p.seed)"]
        return "\(origin.kind):\(origin.source):\(origin.group):" + parts.joined(separator: ";")
    }

    /// Parses an id: the one parser of the grammar. Throws naming what is
    /// malformed, or the canonical form when the id is valid but not canonical.
    public init(parsing text: String) throws {
        func bad(_ why: String) -> ConformanceError { .badCaseID(text, why) }
        let head = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard head.count == 4, head[0...2].allSatisfy({ !$0.isEmpty }) else {
            throw bad("expected <kind>:<source>:<group>:<key>=<value>;...")
        }
        let origin = try CaseOrigin(kind: String(head[0]), source: String(head[1]), group: String(head[2]), id: text)
        var values: [String: String] = [:], order: [String] = []
        for item in head[3].split(separator: ";", omittingEmptySubsequences: false) {
            let kv = item.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { throw bad("'\(item)' is not key=value") }
            let key = String(kv[0])
            guard CaseSpec.keys.contains(key) else { throw bad("unknown parameter '\(key)'") }
            guard values[key] == nil else { throw bad("parameter '\(key)' given twice") }
            values[key] = String(kv[1])
            order.append(key)
        }
        guard order == CaseSpec.keys.filter(order.contains) else {
            throw bad("parameters out of canonical order \(CaseSpec.keys.joined(separator: ","))")
        }
        let problem = try ProblemSpec(parameters: values, bad: bad)
        self.init(origin, problem)
        guard id == text else { throw bad("not canonical; canonical form is \(id)") }
    }
}

extension ProblemSpec {
    /// Reads the typed problem from an id's parameters (keys already checked).
    fileprivate init(parameters values: [String: String], bad: (String) -> ConformanceError) throws {
        func need(_ key: String) throws -> String {
            guard let v = values[key] else { throw bad("missing parameter '\(key)'") }
            return v
        }
        func size(_ key: String) throws -> Int {
            guard let n = Int(try need(key)), n >= 1 else { throw bad("'\(key)' must be an integer >= 1") }
            return n
        }
        func edge(_ key: String) throws -> Int? {
            let v = try need(key)
            if v == "inf" { return nil }
            guard let n = Int(v) else { throw bad("'\(key)' must be an integer or inf") }
            return n
        }
        func number(_ key: String) throws -> Double? {
            guard let v = values[key] else { return nil }
            guard let x = Double(v), x.isFinite else { throw bad("'\(key)' is not a finite number") }
            return x
        }
        func flag(_ key: String) throws -> Bool {
            guard let v = values[key] else { return false }
            guard v == "1" else { throw bad("'\(key)' must be 1 when present") }
            return true
        }
        guard let dtype = DType.allCases.first(where: { $0.shortName == values["dtype"] }) else {
            throw bad("dtype must be one of \(DType.allCases.map(\.shortName).joined(separator: ", "))")
        }
        let dims = AttentionDims(batch: try size("B"), queryLength: try size("Sq"), keyLength: try size("Skv"),
                                 queryHeads: try size("Hq"), keyValueHeads: try size("Hkv"), headDim: try size("D"),
                                 valueDim: try size("Dv"))
        let maskText = try need("mask")
        let tokens = maskText == "none" ? [] : maskText.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        let mask = tokens.compactMap { t in AttentionFeature.masks.first { $0.rawValue == t } }
        guard mask.count == tokens.count, mask == AttentionFeature.masks.filter(mask.contains) else {
            throw bad("mask must be none or +-joined in order \(AttentionFeature.masks.map(\.rawValue).joined(separator: ","))")
        }
        let window = mask.contains(.slidingWindow)
        guard window || (values["wl"] == nil && values["wr"] == nil) else { throw bad("wl and wr are only allowed with mask window") }
        guard let distribution = InputDistribution(rawValue: try need("dist")) else {
            throw bad("dist must be one of \(InputDistribution.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let seed = Int(try need("seed")) else { throw bad("'seed' is not an integer") }
        let bias = try flag("bias")
        do { try dims.checkSize(scorePlane: bias || mask.contains(.booleanMask)) } catch { throw bad("\(error)") }
        self.init(dtype: dtype, dims: dims, modelDim: values["dmodel"] == nil ? nil : try size("dmodel"), mask: Set(mask),
                  windowLeft: window ? try edge("wl") : nil, windowRight: window ? try edge("wr") : nil,
                  scale: try number("scale"), softcap: try number("softcap"), bias: bias,
                  alibi: try flag("alibi"), distribution: distribution, seed: seed)
    }
}
