import AttestCore
import AttestTensor

/// Writes the checked-in profiles (`attest cases --generate NAME > profiles/NAME.txt`).
/// The text files are the truth a run is held to; this builder only makes
/// them reproducible, and a test checks the files match it.
///
/// - smoke: one f32 and one bf16 case per core feature, a few properties: seconds.
/// - standard: every mask/feature group × every element type × MHA/GQA/MQA ×
///   an even and an odd shape, every property variant × every element type,
///   and every golden fixture case.
/// - full: standard with seeds 0–3 for generated cases and properties, plus
///   long sequences (Skv up to 8192).
/// - standard and full also hold the `contentCases` of issue 12's families
///   4, 5, 7 and 8 (`ProfileBuilder+Content.swift`, `docs/coverage.md`).
/// - standard and full also hold the `stackCases` (self-attention shapes every
///   standard preamble stack can take, `ProfileBuilder+Stacks.swift`); the
///   `stacks` profile is those plus the smoke properties and `stackGapCases`
///   (`swift test` certifies the stacks and rejects the preamble mutants on it).
/// - large: realistic sequence lengths (8192 to 32768, decode against
///   131,072 keys) for kernels built for them (`ProfileBuilder+Large.swift`).
public enum ProfileBuilder {
    public static let names = ["smoke", "standard", "full", "stacks", "large"]

    /// A mask/feature group of generated cases: the spec it changes.
    struct Group: Sendable {
        var name: String
        var apply: @Sendable (inout ProblemSpec) -> Void
    }

    static let groups: [Group] = [
        Group(name: "dense") { _ in },
        Group(name: "causal") { $0.mask = [.causalTopLeft] },
        Group(name: "causal") { $0.mask = [.causalBottomRight] },
        Group(name: "window") { $0.mask = [.slidingWindow]; $0.windowLeft = 5; $0.windowRight = 0 },
        Group(name: "window") { $0.mask = [.causalBottomRight, .slidingWindow]; $0.windowLeft = 3; $0.windowRight = nil },
        Group(name: "window") { $0.mask = [.slidingWindow]; $0.windowLeft = 2; $0.windowRight = 4 },
        Group(name: "padding") { $0.mask = [.keyPadding] },
        Group(name: "padding") { $0.mask = [.queryPadding] },
        Group(name: "padding") { $0.mask = [.causalBottomRight, .keyPadding, .queryPadding] },
        Group(name: "varlen") { $0.mask = [.packedSequences]; $0.dims.batch = 1 },
        Group(name: "varlen") { $0.mask = [.causalBottomRight, .packedSequences]; $0.dims.batch = 1 },
        Group(name: "bool_mask") { $0.mask = [.booleanMask] },
        Group(name: "bias") { $0.bias = true },
        Group(name: "alibi") { $0.alibi = true; $0.mask = [.causalBottomRight] },
        Group(name: "softcap") { $0.softcap = 5; $0.distribution = .largeLogits },
        // softcap applies before the bias: only a case with both tells the orders apart.
        Group(name: "softcap") { $0.softcap = 2; $0.bias = true },
        Group(name: "scale") { $0.scale = 0.5 },
        Group(name: "scale") { $0.scale = -0.3 },
        Group(name: "dv") { $0.dims.valueDim = $0.dims.headDim + 8 },
        Group(name: "dist") { $0.distribution = .largeLogits },
        Group(name: "dist") { $0.distribution = .outliers; $0.mask = [.causalTopLeft] },
    ]

    static let dtypes: [DType] = [.float32, .float16, .bfloat16, .float64]
    /// (Hq, Hkv): MHA, GQA, MQA.
    static let heads = [(4, 4), (4, 2), (4, 1)]
    /// Even: Sq < Skv. Odd: Sq > Skv, odd head size.
    static let shapes = [(batch: 2, sq: 32, skv: 48, d: 32), (batch: 2, sq: 37, skv: 23, d: 19)]

    static func generated(seeds: Range<Int>) -> [String] {
        var ids: [String] = []
        for group in groups {
            for dtype in dtypes {
                for (hq, hkv) in heads {
                    for shape in shapes {
                        for seed in seeds {
                            var spec = ProblemSpec(dtype: dtype, dims: AttentionDims(
                                batch: shape.batch, queryLength: shape.sq, keyLength: shape.skv, queryHeads: hq,
                                keyValueHeads: hkv, headDim: shape.d, valueDim: shape.d), seed: seed)
                            group.apply(&spec)
                            ids.append(CaseSpec(.generated(group: group.name), spec).id)
                        }
                    }
                }
            }
        }
        return ids
    }

    /// The problem each property runs on (small: properties run extra passes).
    static func propertySpec(_ name: String, _ variant: String, dtype: DType, seed: Int) -> ProblemSpec {
        var s = ProblemSpec(dtype: dtype, dims: AttentionDims(batch: 2, queryLength: 24, keyLength: 40, queryHeads: 4,
                                                              keyValueHeads: 4, headDim: 16, valueDim: 16), seed: seed)
        switch (name, variant) {
        case ("range", _): s.mask = [.causalBottomRight, .keyPadding]; s.bias = true
        case ("masked_values", _): s.mask = [.keyPadding]
        case ("causal_future", _): s.mask = [.causalTopLeft]; s.dims.keyLength = 24
        case ("batch_independence", _): s.dims.batch = 3; s.mask = [.causalBottomRight]
        case ("gqa_mha", _): s.dims.keyValueHeads = 2; s.mask = [.causalBottomRight]
        case ("layout", "fused_qkv"): s.dims.keyLength = 24; s.dims.keyValueHeads = 2
        case ("layout", "broadcast_kv"): s.dims.keyValueHeads = 1
        case ("layout", _): s.dims.keyValueHeads = 2; s.dims.valueDim = 24
        case ("nan_oob", _): s.mask = [.causalBottomRight]; s.dims.keyValueHeads = 2
        case ("poisoned_output", _): s.mask = [.causalBottomRight, .queryPadding]
        case ("lse", "masked"): s.mask = [.causalBottomRight, .keyPadding, .queryPadding]
        default: break
        }
        return s
    }

    static func properties(seeds: Range<Int>) -> [String] {
        var ids: [String] = []
        for (name, variants) in PropertyCases.variants {
            for variant in variants {
                for dtype in dtypes {
                    for seed in seeds {
                        let spec = propertySpec(name, variant, dtype: dtype, seed: seed)
                        ids.append(CaseSpec(.property(name: name, variant: variant), spec).id)
                    }
                }
            }
        }
        return ids
    }

    static func smoke() -> [String] {
        var ids: [String] = []
        let masks: [Set<AttentionFeature>] = [[], [.causalTopLeft], [.causalBottomRight], [.keyPadding], [.queryPadding]]
        for dtype in [DType.float32, .bfloat16] {
            for mask in masks {
                for (hq, hkv) in [(2, 2), (4, 2)] {
                    let spec = ProblemSpec(dtype: dtype, dims: AttentionDims(batch: 2, queryLength: 9, keyLength: 13,
                                                                             queryHeads: hq, keyValueHeads: hkv, headDim: 8, valueDim: 8), mask: mask)
                    ids.append(CaseSpec(.generated(group: mask.isEmpty ? "dense" : "smoke"), spec).id)
                }
            }
        }
        return ids + smokeProperties()
    }

    static func smokeProperties() -> [String] {
        [("permute_kv", "default"), ("layout", "bhsd"), ("nan_oob", "default"),
         ("poisoned_output", "default"), ("lse", "masked"), ("gqa_mha", "constant_v")].map { name, variant in
            let spec = propertySpec(name, variant, dtype: .float32, seed: 0)
            return CaseSpec(.property(name: name, variant: variant), spec).id
        }
    }

    static func long() -> [String] {
        [(128, 8192), (64, 4096), (512, 512)].flatMap { sq, skv in
            [DType.float32, .float16].map { dtype in
                let spec = ProblemSpec(dtype: dtype, dims: AttentionDims(batch: 1, queryLength: sq, keyLength: skv, queryHeads: 2,
                                                                         keyValueHeads: 1, headDim: 64, valueDim: 64), mask: [.causalBottomRight])
                return CaseSpec(.generated(group: "long"), spec).id
            }
        }
    }

    /// The ids of profile `name`, golden ids from `golden` appended (standard and full).
    public static func build(_ name: String, goldenIDs: [String]) throws -> [String] {
        switch name {
        case "smoke": return smoke()
        case "standard": return generated(seeds: 0 ..< 1) + properties(seeds: 0 ..< 1) + stackCases() + shapeCases(full: false) + contentCases(full: false) + goldenIDs
        case "full": return generated(seeds: 0 ..< 4) + properties(seeds: 0 ..< 4) + long() + stackCases() + shapeCases(full: true) + contentCases(full: true) + goldenIDs
        case "stacks": return stackCases() + smokeProperties() + stackGapCases()
        case "large": return largeCases()
        default: throw ConformanceError.noProfileBuilder(name, known: names)
        }
    }

    /// The profile file text: a header comment, then one id per line.
    public static func text(_ name: String, goldenIDs: [String]) throws -> String {
        let ids = try build(name, goldenIDs: goldenIDs)
        return "# Attest conformance profile '\(name)': \(ids.count) cases.\n"
            + "# Generated by `attest cases --generate \(name)`; edit ProfileBuilder, never this file by hand.\n"
            + ids.joined(separator: "\n") + "\n"
    }
}
