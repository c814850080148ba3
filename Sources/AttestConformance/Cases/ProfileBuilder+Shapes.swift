import AttestCore
import AttestTensor

/// The shape families of issue 12 (`docs/coverage.md`): the smallest set that
/// rejects each family's mutant goes into `standard` (`make conformance` runs
/// it 80 times, so each case stays under 50 MFLOP), the breadth into `full`.
/// FLOP counts are the dense `2·B·Hq·Sq·Skv·(D + Dv)` of the float64 golden.
///
/// | family | group | standard | full | mutant it rejects |
/// |---|---|---|---|---|
/// | 1 ragged lengths across tiles | `ragged` | 16 | 158 | `mutant/last-tile-padding-visible` |
/// | 2 head sizes above 64 | `head_dim` | 8 | 64 | `mutant/head-dim-first-64` |
/// | 3 decode against long caches | `decode` | 5 | 35 | `mutant/split-kv-empty-lse-zero`; the cache past 2^16 keys: `mutant/kv-index-16-bit` |
/// | 6 windows wider than a tile | `wide_window` | 4 | 48 | `mutant/window-tiles-rounded` |
extension ProfileBuilder {
    /// Every shape family's cases for `standard` (`full == false`) or `full`.
    static func shapeCases(full: Bool) -> [String] {
        raggedCases(full: full) + headDimCases(full: full) + decodeCases(full: full) + wideWindowCases(full: full)
    }

    private static func shapeID(_ group: String, _ dtype: DType, batch: Int = 1, sq: Int, skv: Int, hq: Int = 4, hkv: Int = 2,
                                d: Int = 32, dv: Int? = nil, mask: Set<AttentionFeature> = [],
                                window: (left: Int?, right: Int?)? = nil, seed: Int = 0) -> String {
        var spec = ProblemSpec(dtype: dtype, dims: AttentionDims(batch: batch, queryLength: sq, keyLength: skv, queryHeads: hq,
                                                                 keyValueHeads: hkv, headDim: d, valueDim: dv ?? d),
                               mask: mask, seed: seed)
        if let window {
            spec.mask.insert(.slidingWindow)
            spec.windowLeft = window.left
            spec.windowRight = window.right
        }
        return CaseSpec(.generated(group: group), spec).id
    }

    /// Family 1: lengths just past, just short of and between tiles of 64 and
    /// 128 (FlashAttention's seqlen lists, PyTorch's 143/587, xformers' 65),
    /// on both sides, under no mask, both causal alignments and a window.
    /// standard: per element type, (Sq, Skv) = (65, 129) dense and causal
    /// bottom-right, (127, 97) causal top-left and window (5, 2); GQA 4/2, D 32.
    /// full: ten (Sq, Skv) pairs over 65 … 1025 × five masks × every element
    /// type (the three pairs near 1024 with Hq = Hkv = 1, D 16, in f32 and bf16
    /// under three masks), seed 0.
    static func raggedCases(full: Bool) -> [String] {
        let causalTL: Set<AttentionFeature> = [.causalTopLeft], causalBR: Set<AttentionFeature> = [.causalBottomRight]
        if !full {
            return dtypes.flatMap { dtype in
                [shapeID("ragged", dtype, sq: 65, skv: 129),
                 shapeID("ragged", dtype, sq: 65, skv: 129, mask: causalBR),
                 shapeID("ragged", dtype, sq: 127, skv: 97, mask: causalTL),
                 shapeID("ragged", dtype, sq: 127, skv: 97, window: (5, 2))]
            }
        }
        let masks: [(Set<AttentionFeature>, (left: Int?, right: Int?)?)] = [
            ([], nil), (causalTL, nil), (causalBR, nil), ([], (5, 2)), (causalBR, (3, nil)),
        ]
        let pairs = [(65, 129), (127, 97), (113, 200), (257, 65), (129, 257), (200, 113), (1, 1025)]
        var ids = dtypes.flatMap { dtype in
            pairs.flatMap { sq, skv in masks.map { shapeID("ragged", dtype, sq: sq, skv: skv, mask: $0.0, window: $0.1) } }
        }
        for dtype in [DType.float32, .bfloat16] {
            for (sq, skv) in [(1023, 1025), (1025, 1023), (97, 1023)] {
                for (mask, window) in masks.prefix(3) {
                    ids.append(shapeID("ragged", dtype, sq: sq, skv: skv, hq: 1, hkv: 1, d: 16, mask: mask, window: window))
                }
            }
        }
        return ids
    }

    /// Family 2: head sizes of FlashAttention's and PyTorch's lists above 64,
    /// and Dv != D pairs. standard: each (D, Dv) once, the element type and
    /// mask (none, causal bottom-right) cycling; B 2, GQA 4/2, (Sq, Skv) =
    /// (33, 47). full: every pair × element type × both masks at (65, 97).
    static func headDimCases(full: Bool) -> [String] {
        let pairs = [(80, 80), (96, 96), (128, 128), (160, 160), (192, 192), (256, 256), (192, 128), (64, 256)]
        let masks: [Set<AttentionFeature>] = [[], [.causalBottomRight]]
        if !full {
            return pairs.enumerated().map { n, pair in
                shapeID("head_dim", dtypes[n % dtypes.count], batch: 2, sq: 33, skv: 47, d: pair.0, dv: pair.1, mask: masks[n % 2])
            }
        }
        return pairs.flatMap { d, dv in
            dtypes.flatMap { dtype in masks.map { shapeID("head_dim", dtype, batch: 2, sq: 65, skv: 97, d: d, dv: dv, mask: $0) } }
        }
    }

    /// Family 3: decode (Sq 1, 2, 4) against long caches with per-batch key
    /// lengths (key padding: the first entry full, the others drawn, as
    /// FlashAttention's `cache_seqlens`), GQA and MQA, causal bottom-right and
    /// windows. standard: one case per element type, Skv 777 … 2048, B 3, Hq 8,
    /// D 64. full: Sq × Skv ∈ {1000, 4096, 16384} (16384 with B 2) × masks in
    /// f32 and bf16, and Skv 4096 in f16 and f64. Both: `pastShortIndex`, a
    /// cache of 2^16 + 4096 keys (a key position past 16 bits).
    static func decodeCases(full: Bool) -> [String] {
        let padding: Set<AttentionFeature> = [.keyPadding], causal: Set<AttentionFeature> = [.causalBottomRight, .keyPadding]
        if !full {
            return [pastShortIndex(),
                    shapeID("decode", .float32, batch: 3, sq: 1, skv: 1000, hq: 8, hkv: 2, d: 64, mask: padding),
                    shapeID("decode", .bfloat16, batch: 3, sq: 2, skv: 777, hq: 8, hkv: 1, d: 64, mask: causal),
                    shapeID("decode", .float16, batch: 3, sq: 4, skv: 1500, hq: 8, hkv: 2, d: 64, mask: [.causalBottomRight],
                            window: (100, 0)),
                    shapeID("decode", .float64, batch: 3, sq: 1, skv: 2048, hq: 8, hkv: 2, d: 64, mask: padding, window: (300, nil))]
        }
        var ids: [String] = []
        for dtype in [DType.float32, .bfloat16] {
            for skv in [1000, 4096, 16384] {
                for sq in [1, 2, 4] where skv < 16384 || sq != 2 {
                    ids.append(shapeID("decode", dtype, batch: skv < 16384 ? 3 : 2, sq: sq, skv: skv, hq: 8, hkv: 2, d: 64,
                                       mask: sq == 1 ? padding : causal))
                }
            }
            ids.append(shapeID("decode", dtype, batch: 2, sq: 1, skv: 16384, hq: 8, hkv: 1, d: 64, mask: causal, window: (2000, 0)))
        }
        for dtype in [DType.float16, .float64] {
            for sq in [1, 2, 4] {
                ids.append(shapeID("decode", dtype, batch: 3, sq: sq, skv: 4096, hq: 8, hkv: 2, d: 64, mask: causal))
                ids.append(shapeID("decode", dtype, batch: 3, sq: sq, skv: 4096, hq: 8, hkv: 1, d: 64, mask: padding,
                                   window: (sq * 300, 0)))
            }
        }
        return ids + dtypes.map { shapeID("decode", $0, batch: 4, sq: 4, skv: 1025, hq: 8, hkv: 2, d: 128, mask: causal) }
            + [pastShortIndex()]
    }

    /// Decode against 69,632 = 2^16 + 4096 keys, f32, MQA 4/1, D 32, a causal
    /// window of 8192 keys: half the visible keys lie past 2^16 (36 MFLOP).
    static func pastShortIndex() -> String {
        shapeID("decode", .float32, sq: 1, skv: 69_632, hq: 4, hkv: 1, d: 32, mask: [.causalBottomRight], window: (8191, 0))
    }

    /// Family 6: windows whose edges lie more than a tile of 64 from the
    /// diagonal, with GQA. standard: per element type one of (200, 0) causal
    /// and (100, 150) at (Sq, Skv) = (96, 300), (0, 130) and (150, 150) at
    /// (200, 200). full: at (96, 300), (200, 200) and (257, 1025) × every
    /// element type, four windows drawn from a fixed seed: one side uniform in
    /// 65 … Skv (wider than a tile), the other in 0 … Skv or unbounded (one
    /// time in four), left and right alternating; the fourth (wide, 0) causal.
    static func wideWindowCases(full: Bool) -> [String] {
        if !full {
            return [shapeID("wide_window", .float32, sq: 96, skv: 300, mask: [.causalBottomRight], window: (200, 0)),
                    shapeID("wide_window", .bfloat16, sq: 96, skv: 300, window: (100, 150)),
                    shapeID("wide_window", .float16, sq: 200, skv: 200, window: (0, 130)),
                    shapeID("wide_window", .float64, sq: 200, skv: 200, window: (150, 150))]
        }
        var rng = SeededGenerator(seed: 12)
        func edge(_ skv: Int) -> Int? { rng.int(in: 0 ... 3) == 0 ? nil : rng.int(in: 0 ... skv) }
        var ids: [String] = []
        for (sq, skv, hq) in [(96, 300, 4), (200, 200, 4), (257, 1025, 2)] {
            for dtype in dtypes {
                for draw in 0 ..< 4 {
                    let wide = rng.int(in: 65 ... skv), other = edge(skv)
                    let window: (left: Int?, right: Int?) = [(wide, other), (other, wide), (wide, other), (wide, 0)][draw]
                    ids.append(shapeID("wide_window", dtype, sq: sq, skv: skv, hq: hq, hkv: hq / 2,
                                       mask: draw == 3 ? [.causalBottomRight] : [], window: window))
                }
            }
        }
        return ids
    }
}
