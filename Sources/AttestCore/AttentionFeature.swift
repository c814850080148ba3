import AttestTensor

/// An optional part of the contract a kernel may or may not implement: the
/// one table of features. Raw values are the names used in capabilities,
/// case ids (`mask=` tokens), tags, certificates and `attest list`. Adding a
/// mask kind is one case here plus its rule (`AttentionMask`, its visibility,
/// `requiredFeatures` below); the compiler then names each place left to
/// decide: `kind` below, the generator's draw (`ProblemSpec+Generation.swift`)
/// and the mandatory core (`MandatoryCore.role(of:)`).
public enum AttentionFeature: String, Sendable, Codable, CaseIterable, Comparable {
    case causalTopLeft = "causal_tl"
    case causalBottomRight = "causal_br"
    case slidingWindow = "window"
    case keyPadding = "key_padding"
    case queryPadding = "query_padding"
    case packedSequences = "varlen"
    case booleanMask = "bool_mask"
    case additiveBias = "bias"
    case alibi
    case softcap
    /// Hkv < Hq (GQA and MQA).
    case groupedQuery = "gqa"
    /// Dv != D.
    case valueDimDiffers = "dv_ne_d"
    /// Writes the log-sum-exp output.
    case logSumExp = "lse"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

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

extension AttentionArguments {
    /// The features this call needs (`logSumExp` is decided by the output, not here).
    public var requiredFeatures: Set<AttentionFeature> {
        var f: Set<AttentionFeature> = []
        switch mask.causal {
        case .topLeft?: f.insert(.causalTopLeft)
        case .bottomRight?: f.insert(.causalBottomRight)
        case nil: break
        }
        if mask.window != nil { f.insert(.slidingWindow) }
        if mask.keyLengths != nil { f.insert(.keyPadding) }
        if mask.queryLengths != nil { f.insert(.queryPadding) }
        if mask.packed != nil { f.insert(.packedSequences) }
        if mask.boolean != nil { f.insert(.booleanMask) }
        if bias != nil { f.insert(.additiveBias) }
        if alibiSlopes != nil { f.insert(.alibi) }
        if softcap != nil { f.insert(.softcap) }
        let d = dims
        if d.keyValueHeads != d.queryHeads { f.insert(.groupedQuery) }
        if d.valueDim != d.headDim { f.insert(.valueDimDiffers) }
        return f
    }
}

/// What a kernel computes for a query row that sees no key at all.
public enum FullyMaskedRowPolicy: String, Sendable, Codable {
    /// o = 0 and lse = -infinity (the contract's default).
    case zero
    /// o = NaN (and lse = -infinity or NaN): what a plain softmax over all
    /// -infinity scores gives; a kernel may declare it and is held to it.
    case nan
}

/// Whether a kernel (or stack) takes a given call.
public enum Support: Sendable, Equatable {
    case supported
    /// A capability the kernel declared missing; the reason names it.
    case notSupported(String)

    public var isSupported: Bool { self == .supported }
}

/// What a kernel declares about itself before it is run. The conformance
/// runner marks a case NOT_SUPPORTED only for what is declared here.
public struct KernelCapabilities: Sendable, Codable, Equatable {
    /// Element types of q, k, v (and o) it accepts.
    public var dtypes: Set<DType>
    /// Optional features it implements.
    public var features: Set<AttentionFeature>
    public var fullyMaskedRows: FullyMaskedRowPolicy
    /// Two runs on the same inputs give identical bits.
    public var deterministic: Bool
    /// Largest head size (D and Dv) it accepts; nil for no limit.
    public var maxHeadDim: Int?
    /// The element type it computes and stores lse in; nil for the call's
    /// accumulation type (`DType.accumulationType`: float64 for float64 calls,
    /// float32 otherwise). The tolerance policy judges lse in the coarser of
    /// this and the accumulation type (`docs/tolerance.md`, version 3).
    public var lsePrecision: DType?
    /// The largest call it accepts, in attention FLOPs (`AttentionDims.flops`);
    /// nil for no limit. A literal row-by-row kernel declares
    /// `literalMaxFlops`: larger calls would take it hours, not a bug to find.
    public var maxFlops: Double?

    public init(dtypes: Set<DType>, features: Set<AttentionFeature>, fullyMaskedRows: FullyMaskedRowPolicy = .zero,
                deterministic: Bool = true, maxHeadDim: Int? = nil, lsePrecision: DType? = nil, maxFlops: Double? = nil) {
        self.dtypes = dtypes
        self.features = features
        self.fullyMaskedRows = fullyMaskedRows
        self.deterministic = deterministic
        self.maxHeadDim = maxHeadDim
        self.lsePrecision = lsePrecision
        self.maxFlops = maxFlops
    }

    /// Every element type and every feature: what the reference declares.
    public static let complete = KernelCapabilities(dtypes: Set(DType.allCases), features: Set(AttentionFeature.allCases))

    /// `complete` up to `literalMaxFlops`: what the literal reference and the
    /// mutants (literal float64 loops at about 0.2 GFLOP/s) declare.
    public static let literal: KernelCapabilities = {
        var capabilities = complete
        capabilities.maxFlops = literalMaxFlops
        return capabilities
    }()

    /// 2^33 FLOPs (8.6 GFLOP, about 40 s of a literal float64 kernel): above
    /// every case of `standard` and `full` (at most 2^29), below the `large`
    /// profile's sequence cases, so those go to kernels built for them.
    public static let literalMaxFlops = Double(1 << 33)

    /// `.supported`, or the first declared gap this call runs into.
    public func support(for args: AttentionArguments) -> Support {
        guard dtypes.contains(args.dtype) else {
            return .notSupported("element type \(args.dtype.shortName) (supports \(dtypes.map(\.shortName).sorted().joined(separator: ", ")))")
        }
        let missing = args.requiredFeatures.subtracting(features).sorted()
        if !missing.isEmpty {
            return .notSupported("feature\(missing.count > 1 ? "s" : "") \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        let d = args.dims
        if let maxHeadDim, max(d.headDim, d.valueDim) > maxHeadDim {
            return .notSupported("head size \(max(d.headDim, d.valueDim)) > \(maxHeadDim)")
        }
        if let maxFlops, d.flops > maxFlops {
            return .notSupported(String(format: "%.3g FLOPs (2·B·Hq·Sq·Skv·(D+Dv)) > its limit of %.3g", d.flops, maxFlops))
        }
        return .supported
    }
}
