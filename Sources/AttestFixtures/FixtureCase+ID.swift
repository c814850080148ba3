import AttestCore
import AttestTensor

extension FixtureCase {
    /// The canonical case id of schema v1:
    ///
    ///     <kind>:golden:<family>:dtype=..;B=..;Hq=..;Hkv=..;Sq=..;Skv=..;D=..;Dv=..[;dmodel=..];mask=..
    ///         [;wl=..;wr=..][;scale=..][;softcap=..][;bias=1][;alibi=1];dist=..;seed=..
    ///
    /// `mask` is `none` or the `+`-joined present constraints in the order
    /// causal_tl, causal_br, window, key_padding, query_padding, varlen,
    /// bool_mask; window bounds are integers or `inf`; `scale` appears only
    /// when set (not the default), `softcap` only when set, both in the
    /// shortest round-trip form (Python's `repr(float)`). `dtype` is the
    /// element type of the stored inputs (x for module cases).
    public static func canonicalID(kind: Kind, family: String, dtype: DType, arguments: AttentionArguments,
                                   modelDim: Int? = nil, distribution: String, seed: Int64) -> String {
        let d = arguments.dims, m = arguments.mask
        var parts: [(String, String)] = [("dtype", dtype.shortName), ("B", "\(d.batch)"), ("Hq", "\(d.queryHeads)"),
                                         ("Hkv", "\(d.keyValueHeads)"), ("Sq", "\(d.queryLength)"),
                                         ("Skv", "\(d.keyLength)"), ("D", "\(d.headDim)"), ("Dv", "\(d.valueDim)")]
        if let modelDim { parts.append(("dmodel", "\(modelDim)")) }
        var masks: [String] = []
        if m.causal == .topLeft { masks.append("causal_tl") }
        if m.causal == .bottomRight { masks.append("causal_br") }
        if m.window != nil { masks.append("window") }
        if m.keyLengths != nil { masks.append("key_padding") }
        if m.queryLengths != nil { masks.append("query_padding") }
        if m.packed != nil { masks.append("varlen") }
        if m.boolean != nil { masks.append("bool_mask") }
        parts.append(("mask", masks.isEmpty ? "none" : masks.joined(separator: "+")))
        if let w = m.window {
            parts.append(("wl", w.left.map(String.init) ?? "inf"))
            parts.append(("wr", w.right.map(String.init) ?? "inf"))
        }
        if let scale = arguments.scale { parts.append(("scale", pythonRepr(scale))) }
        if let softcap = arguments.softcap { parts.append(("softcap", pythonRepr(softcap))) }
        if arguments.bias != nil { parts.append(("bias", "1")) }
        if arguments.alibiSlopes != nil { parts.append(("alibi", "1")) }
        parts += [("dist", distribution), ("seed", "\(seed)")]
        return "\(kind.rawValue):golden:\(family):" + parts.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
    }

    /// Python's `repr(float)`, which Swift's `description` of a finite Double
    /// matches: shortest round-trip digits, exponent form outside [1e-4, 1e16)
    /// (`1e-05`, `1e+16`, `0.0001`, `2.0`, `-0.3`).
    static func pythonRepr(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
        return "\(x)"
    }
}
