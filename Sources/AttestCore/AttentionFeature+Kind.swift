extension AttentionFeature {
    /// What part of the contract a feature belongs to. This decides how a
    /// case id records that a problem needs it (`CaseSpec` in the conformance
    /// module) and how a case is tagged; the raw value is the one name of the
    /// feature everywhere (capabilities, certificates, `attest list`, the
    /// `mask=` token of an id, tags).
    public enum Kind: Sendable, Hashable {
        /// A visibility rule: a `+`-joined token of a case id's `mask=` parameter.
        case mask
        /// A term of the score before the softmax: an id parameter of its own
        /// (`softcap=<cap>`, `bias=1`, `alibi=1`).
        case score
        /// A relation between sizes, read off the id's dims (Hkv < Hq, Dv != D).
        case shape
        /// An output the kernel writes; not part of a case's problem.
        case output
    }

    /// The kind of this feature. Adding a feature is a compile error here
    /// until its kind is decided.
    public var kind: Kind {
        switch self {
        case .causalTopLeft, .causalBottomRight, .slidingWindow, .keyPadding, .queryPadding, .packedSequences,
             .booleanMask:
            .mask
        case .additiveBias, .alibi, .softcap: .score
        case .groupedQuery, .valueDimDiffers: .shape
        case .logSumExp: .output
        }
    }

    /// The mask features in the order of a case id's `mask=` parameter
    /// (declaration order: causal_tl, causal_br, window, key_padding,
    /// query_padding, varlen, bool_mask).
    public static let masks: [AttentionFeature] = allCases.filter { $0.kind == .mask }
}
