import AttestCore
import AttestTensor
import Foundation

// Bugs that only shapes bring out: tile edges past the first tile, head sizes
// above a kernel's instantiation, split-KV decode merges, windows wider than
// a tile. Each is correct on every shape of the profiles before issue 12.

/// Key tiles of 128 (FlashAttention's kBlockN for small heads), and the
/// bounds check of the last tile is compiled in only when there is one tile
/// (`Skv <= 128`): with more tiles, the last tile's padding keys
/// `Skv ..< 128·ceil(Skv/128)` are zero-filled (k = 0, v = 0, so a
/// score of 0, then softcap and ALiBi for their position) and attended when
/// the causal diagonal and the window admit them. Key padding (its own length
/// check), packed sequences and boolean masks (zero-filled tile = hidden)
/// still hide them. Harmless when Skv <= 128 or a multiple of 128, and under
/// bottom-right causal (padding keys lie past every row's diagonal).
struct LastTilePaddingVisible: AttentionSteps {
    func paddingKeyScores(batch b: Int, head h: Int, query i: Int, segment: QuerySegment, args: AttentionArguments) -> [Double] {
        let skv = args.dims.keyLength, tile = 128
        let mask = args.mask
        guard skv > tile, skv % tile != 0, mask.keyLengths == nil, mask.packed == nil, mask.boolean == nil else { return [] }
        let diagonal = segment.localQuery + segment.bottomRightOffset
        return (skv ..< (skv / tile + 1) * tile).compactMap { j -> Double? in
            let jLocal = j - segment.keyStart
            switch mask.causal {
            case .topLeft?: if jLocal > segment.localQuery { return nil }
            case .bottomRight?: if jLocal > diagonal { return nil }
            case nil: break
            }
            if let left = mask.window?.left, diagonal - jLocal > left { return nil }
            if let right = mask.window?.right, jLocal - diagonal > right { return nil }
            let additive = args.alibiSlopes.map { ScoreRules<Double>.alibi(slope: $0[h], center: segment.alibiCenter, key: j) } ?? 0
            return combine(scaled: 0, softcap: args.softcap, additive: additive)
        }
    }
}

/// A kernel instantiated for head size 64 run on larger heads: q·k sums only
/// the first 64 features of q and k (scale still 1/sqrt(D); v read in full).
/// Harmless when D <= 64.
struct HeadDimFirst64: AttentionSteps {
    func headFeatures(_ dims: AttentionDims) -> Range<Int> { 0 ..< min(dims.headDim, 64) }
}

/// Split-KV decode (Sq <= 4): the row's keys are split into chunks of 256,
/// each chunk gives a partial (max m_s, lse_s = m_s + log Σ exp(s - m_s)),
/// and the merge takes lse = log Σ_s exp(lse_s) and weights exp(s - lse).
/// The bug: a chunk with no visible key writes lse_s = 0 instead of -inf, so
/// every empty split adds exp(0) = 1 to the merged sum (weights too small,
/// lse too large; a row with no visible key gets lse = log(splits)). Harmless
/// when Sq > 4, Skv <= 256, or every split sees a key.
struct SplitKVEmptySplitLSEZero: AttentionSteps {
    static let split = 256

    func rowSoftmax(_ scores: [Double], dims: AttentionDims, dtype: DType) -> (weights: [Double], lse: Double) {
        guard dims.queryLength <= 4, scores.count > Self.split else { return softmax(scores, dtype: dtype) }
        let partials = stride(from: 0, to: scores.count, by: Self.split).map { start -> Double in
            let chunk = scores[start ..< min(start + Self.split, scores.count)]
            let m = chunk.max() ?? -.infinity
            guard m > -.infinity else { return 0 } // the bug: an empty split's lse is 0, not -inf
            return m + log(chunk.reduce(0) { $0 + exp($1 - m) })
        }
        let top = partials.max() ?? -.infinity
        let lse = top + log(partials.reduce(0) { $0 + exp($1 - top) })
        return (scores.map { $0 == -.infinity ? 0 : exp($0 - lse) }, lse)
    }
}

/// Block-skipping for sliding windows with key tiles of 64: the kernel visits
/// the tiles from the one holding the window's left edge to the one holding
/// its right edge, and applies the window element by element only in the
/// tile of the row's diagonal and its two neighbours (FlashAttention's
/// masking steps), taking every other visited tile whole. Right while both
/// edges lie within one tile of the diagonal's tile (windows up to 64 wide on
/// each side); a window wider than that gains the keys between its edge and
/// the edge tile's boundary. Causal, padding, packing and boolean masks stay exact.
struct WindowTilesRounded: AttentionSteps {
    func isVisible(batch b: Int, head h: Int, query i: Int, key j: Int,
                   segment: QuerySegment, args: AttentionArguments) -> Bool {
        guard args.mask.without(\.window).isVisible(batch: b, head: h, query: i, key: j, segment: segment) else { return false }
        guard let window = args.mask.window else { return true }
        let tile = 64
        let jLocal = j - segment.keyStart, diagonal = segment.localQuery + segment.bottomRightOffset
        let exact = args.mask.isVisible(batch: b, head: h, query: i, key: j, segment: segment)
        // Tiles in segment-local key positions; floor division so negative positions round down.
        func tileOf(_ x: Int) -> Int { x >= 0 ? x / tile : -((-x + tile - 1) / tile) }
        if abs(tileOf(jLocal) - tileOf(diagonal)) <= 1 { return exact }
        let firstTile = window.left.map { tileOf(diagonal - min($0, 1 << 40)) } ?? Int.min
        let lastTile = window.right.map { tileOf(diagonal + min($0, 1 << 40)) } ?? Int.max
        return firstTile <= tileOf(jLocal) && tileOf(jLocal) <= lastTile
    }
}

/// A key position kept in 16 bits (a `uint16_t` offset into a key/value
/// cache page, the kind of narrowing a kernel written for caches of a few
/// thousand tokens carries): key j reads the value row of `j mod 2^16`.
/// Harmless while Skv <= 65,536; past it, every key at or beyond 65,536 adds
/// the value of the key 65,536 positions earlier.
struct KeyIndex16Bit: AttentionSteps {
    func value(_ v: [Double], batch b: Int, key j: Int, head kvh: Int, element e: Int, dims: AttentionDims) -> Double {
        v[((b * dims.keyLength + Int(UInt16(truncatingIfNeeded: j))) * dims.keyValueHeads + kvh) * dims.valueDim + e]
    }
}
