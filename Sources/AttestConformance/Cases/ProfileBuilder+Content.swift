import AttestCore
import AttestTensor

extension ProfileBuilder {
    /// Issue 12, families 4, 5, 7 and 8 (`docs/coverage.md`): content of
    /// hidden slots, many-sequence packing, GQA breadth with batch × heads at
    /// scale, and layouts at realistic head sizes. `standard` holds the
    /// smallest set that rejects each family's mutant (`docs/mutants.md`),
    /// `full` (`full: true`) the broader set over seeds 0–3.
    static func contentCases(full: Bool) -> [String] {
        hiddenNonFiniteCases(full: full) + packingCases(full: full) + gqaBreadthCases(full: full) + wideLayoutCases(full: full)
    }

    /// The `stacks` profile's share (`stackGapCases`): an f32 standard case
    /// of each family that rejects its mutant (`docs/mutants.md`) and that
    /// every standard stack takes (Sq, Skv divisible by 8 for the zigzag ring
    /// at P = 4; Hq and Hkv divisible by 4 for Ulysses at P = 4).
    static func contentGapCases() -> [String] {
        let standard = contentCases(full: false)
        let picks = ["prop:hidden_nonfinite:key_padding:dtype=f32;", "prop:packing:n49:dtype=f32;",
                     "fwd:gen:gqa_breadth:dtype=f32;B=1;Hq=24;Hkv=12;", "prop:layout:bhsd:dtype=f32;B=2;Hq=4;Hkv=2;Sq=24;Skv=40;D=128;"]
        return picks.map { prefix in
            guard let id = standard.first(where: { $0.hasPrefix(prefix) }) else { preconditionFailure("no standard content case \(prefix)") }
            return id
        }
    }

    private static func dims(_ b: Int, _ hq: Int, _ hkv: Int, _ sq: Int, _ skv: Int, _ d: Int) -> AttentionDims {
        AttentionDims(batch: b, queryLength: sq, keyLength: skv, queryHeads: hq, keyValueHeads: hkv, headDim: d, valueDim: d)
    }

    private static func seeds(_ full: Bool) -> Range<Int> { full ? 0 ..< 4 : 0 ..< 1 }

    /// Family 4: NaN, +inf and -inf in the K and V slots every query is
    /// denied, under key padding (B = 2: entry 1 is padded), top-left causal
    /// with Skv > Sq, a window (keys before every row's window), and 9 packed
    /// sequences; GQA 4:2, every element type.
    static func hiddenNonFiniteCases(full: Bool) -> [String] {
        var ids: [String] = []
        for variant in ["key_padding", "causal", "window", "packed"] {
            for dtype in dtypes {
                for seed in seeds(full) {
                    var s = ProblemSpec(dtype: dtype, dims: dims(2, 4, 2, 24, 40, 16), seed: seed)
                    switch variant {
                    case "key_padding": s.mask = [.keyPadding]
                    case "causal": s.mask = [.causalTopLeft]
                    case "window": s.mask = [.slidingWindow]; s.windowLeft = 3; s.windowRight = 0
                    default: s.mask = [.causalBottomRight, .packedSequences]; s.dims = dims(1, 4, 2, 48, 64, 16)
                    }
                    ids.append(CaseSpec(.property(name: "hidden_nonfinite", variant: variant), s).id)
                }
            }
        }
        return ids
    }

    /// Family 5: 9 and 49 packed sequences (`PropertyCases.manyPacked`),
    /// dense and causal bottom-right, GQA 4:2; standard in f32 and bf16, full
    /// in every element type and with a window.
    static func packingCases(full: Bool) -> [String] {
        var ids: [String] = []
        let masks: [(Set<AttentionFeature>, Int?, Int?)] = [([.packedSequences], nil, nil), ([.causalBottomRight, .packedSequences], nil, nil)]
            + (full ? [([.slidingWindow, .packedSequences], 4, 2)] : [])
        for (variant, sq, skv) in [("n9", 40, 56), ("n49", 128, 152)] {
            for (mask, wl, wr) in masks {
                for dtype in full ? dtypes : [.float32, .bfloat16] {
                    for seed in seeds(full) {
                        let s = ProblemSpec(dtype: dtype, dims: dims(1, 4, 2, sq, skv, 16), mask: mask,
                                            windowLeft: wl, windowRight: wr, seed: seed)
                        ids.append(CaseSpec(.property(name: "packing", variant: variant), s).id)
                    }
                }
            }
        }
        return ids
    }

    /// Family 7: group sizes 6 and 16 with Hq up to 64 and more than 8 kv
    /// heads, B · Hq = 3072 with short rows, and 12 kv heads in a
    /// self-attention shape every standard stack takes.
    static func gqaBreadthCases(full: Bool) -> [String] {
        // (dtype, B, Hq, Hkv, Sq, Skv, D, mask)
        var shapes: [(DType, Int, Int, Int, Int, Int, Int, Set<AttentionFeature>)] = [
            (.float32, 1, 60, 10, 5, 9, 16, []),                          // ratio 6, 10 kv heads
            (.bfloat16, 2, 64, 4, 3, 17, 16, [.causalBottomRight]),        // ratio 16
            (.float16, 1, 64, 16, 4, 12, 8, [.keyPadding]),                // ratio 4, 16 kv heads
            (.float32, 64, 48, 8, 3, 5, 8, [.causalBottomRight, .keyPadding]), // B·Hq = 3072, ratio 6
            (.float32, 1, 24, 12, 16, 16, 8, [.causalBottomRight]),         // 12 kv heads, a shape every standard stack takes
        ]
        if full {
            for dtype in dtypes {
                shapes += [(dtype, 2, 48, 8, 33, 47, 32, [.causalBottomRight]), (dtype, 2, 64, 4, 29, 64, 32, []),
                           (dtype, 1, 64, 64, 9, 31, 16, [.causalTopLeft]), (dtype, 128, 32, 2, 2, 7, 16, [.keyPadding])]
            }
        }
        var ids: [String] = []
        for (dtype, b, hq, hkv, sq, skv, d, mask) in shapes {
            for seed in seeds(full) {
                let s = ProblemSpec(dtype: dtype, dims: dims(b, hq, hkv, sq, skv, d), mask: mask, seed: seed)
                ids.append(CaseSpec(.generated(group: "gqa_breadth"), s).id)
            }
        }
        return ids
    }

    /// Family 8: every layout variant at D = 128 (f32) and D = 64 (bf16) in
    /// standard; full adds D = 96, 256 and every element type. Shapes as the
    /// layout property's (`propertySpec`), Dv = D.
    static func wideLayoutCases(full: Bool) -> [String] {
        guard let layouts = PropertyCases.variants.first(where: { $0.name == "layout" })?.variants else {
            preconditionFailure("PropertyCases.variants has no layout property")
        }
        let sizes: [(DType, Int)] = full ? dtypes.flatMap { t in [64, 96, 128, 256].map { (t, $0) } } : [(.float32, 128), (.bfloat16, 64)]
        var ids: [String] = []
        for variant in layouts {
            for (dtype, d) in sizes {
                for seed in seeds(full) {
                    var s = propertySpec("layout", variant, dtype: dtype, seed: seed)
                    s.dims.headDim = d
                    s.dims.valueDim = d
                    ids.append(CaseSpec(.property(name: "layout", variant: variant), s).id)
                }
            }
        }
        return ids
    }
}
