import AttestCore

extension FuzzProblem {
    /// A case id in the runner's grammar: `fwd:fuzz:<layout>:dtype=…;…;seed=<data seed>`.
    public var caseID: String { caseID(source: "fuzz", group: layout.rawValue) }

    /// The id with the given source and group.
    func caseID(source: String, group: String) -> String {
        let d = dims
        var mask: [String] = []
        if let causal { mask.append(causal == .topLeft ? "causal_tl" : "causal_br") }
        if window != nil { mask.append("window") }
        if keyPadding { mask.append("key_padding") }
        if queryPadding { mask.append("query_padding") }
        if packed { mask.append("varlen") }
        if booleanMask != nil { mask.append("bool_mask") }
        var p: [String: String] = [
            "dtype": dtype.shortName, "B": "\(d.batch)", "Hq": "\(d.queryHeads)", "Hkv": "\(d.keyValueHeads)",
            "Sq": "\(d.queryLength)", "Skv": "\(d.keyLength)", "D": "\(d.headDim)", "Dv": "\(d.valueDim)",
            "mask": mask.isEmpty ? "none" : mask.joined(separator: "+"), "dist": largeLogits ? "large_logits" : "uniform",
            "seed": "\(seed)",
        ]
        if let window {
            p["wl"] = window.left.map { "\($0)" } ?? "inf"
            p["wr"] = window.right.map { "\($0)" } ?? "inf"
        }
        if let scale { p["scale"] = "\(scale)" }
        if let softcap { p["softcap"] = "\(softcap)" }
        if bias != nil { p["bias"] = "1" }
        if alibi { p["alibi"] = "1" }
        return CaseID(kind: "fwd", source: source, group: group, parameters: p).description
    }

    /// Feature tags, as the runner's cases carry them.
    public var tags: [String] {
        let d = dims
        var t = [dtype.shortName, d.keyValueHeads == d.queryHeads ? "mha" : d.keyValueHeads == 1 ? "mqa" : "gqa"]
        if let causal { t.append(causal == .topLeft ? "causal_tl" : "causal_br") }
        if window != nil { t.append("window") }
        if keyPadding { t.append("key_padding") }
        if queryPadding { t.append("query_padding") }
        if packed { t.append("varlen") }
        if booleanMask != nil { t.append("bool_mask") }
        if bias != nil { t.append("bias") }
        if alibi { t.append("alibi") }
        if softcap != nil { t.append("softcap") }
        if scale != nil { t.append("scale") }
        if d.valueDim != d.headDim { t.append("dv_ne_d") }
        if largeLogits { t.append("large_logits") }
        t.append("layout=\(layout.rawValue)")
        return t
    }
}
