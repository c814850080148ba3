import AttestCore

/// The tags of a case, derived in this one place from its typed spec; they
/// are what `results.jsonl` records and what a failure points at.
///
/// In order: the element type (`f32`), the head grouping (`mha`, `gqa`,
/// `mqa`), the mask features (`AttentionFeature` raw values) or `no_mask`,
/// then `scale` (an explicit scale), the score features `softcap`, `bias`,
/// `alibi`, then `dv_ne_d` and `sq_ne_skv`, then a non-normal input
/// distribution; after these the origin's tags: the generated group; `golden`,
/// the family and `module`; `prop`, the property and its variant unless
/// `default`; `layout=<layout>` for fuzz problems.
public enum CaseTags {
    public static func of(_ spec: CaseSpec) -> [String] {
        let p = spec.problem
        return features(of: p) + (p.distribution == .normal ? [] : [p.distribution.rawValue]) + origin(spec.origin)
    }

    /// The tags that name parts of the contract (no distribution, no origin):
    /// what a stack's coverage must keep (`StackCoverage`).
    public static func features(of p: ProblemSpec) -> [String] {
        let mask = AttentionFeature.masks.filter(p.mask.contains).map(\.rawValue)
        var t = [p.dtype.shortName, p.headGrouping] + (mask.isEmpty ? ["no_mask"] : mask)
        if p.scale != nil { t.append("scale") }
        if p.softcap != nil { t.append(AttentionFeature.softcap.rawValue) }
        if p.bias { t.append(AttentionFeature.additiveBias.rawValue) }
        if p.alibi { t.append(AttentionFeature.alibi.rawValue) }
        if p.dims.valueDim != p.dims.headDim { t.append(AttentionFeature.valueDimDiffers.rawValue) }
        if p.dims.queryLength != p.dims.keyLength { t.append("sq_ne_skv") }
        return t
    }

    static func origin(_ origin: CaseOrigin) -> [String] {
        switch origin {
        case let .generated(group): [group]
        case let .golden(family, module): ["golden", family] + (module ? ["module"] : [])
        case let .property(name, variant): ["prop", name] + (variant == "default" ? [] : [variant])
        case let .fuzz(layout): ["layout=\(layout.rawValue)"]
        }
    }
}
