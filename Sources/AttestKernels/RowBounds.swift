import AttestCore

/// The keys one query row may see before the elementwise rules (boolean mask,
/// -inf bias) apply: segment bounds, key padding, causal (both alignments) and
/// the sliding window are all interval constraints on the key index, so their
/// AND is one interval `lo ..< hi` of global key indices (empty when
/// `lo >= hi`: the row is fully masked).
///
/// Derived from `AttentionMask.segment` and the rules of
/// `AttentionMask+Visibility.swift`, on segment-local positions i', j' with
/// `diag = i' + skv - sq`:
///   segment       0 <= j' < skv
///   causal TL     j' <= i'
///   causal BR     j' <= diag
///   window        diag - left <= j' <= diag + right
struct RowBounds: Sendable, Equatable {
    /// First visible key (global index).
    var lo: Int
    /// One past the last visible key (global index).
    var hi: Int
    /// Global key index of this row's bottom-right diagonal
    /// (`keyStart + i' + skv - sq`): ALiBi adds `-slope · |alibiCenter - j|`.
    var alibiCenter: Int

    var isEmpty: Bool { lo >= hi }

    static let empty = RowBounds(lo: 0, hi: 0, alibiCenter: 0)

    /// The bounds of query `i` in batch entry `b`.
    init(mask: AttentionMask, batch b: Int, query i: Int, dims: AttentionDims) {
        guard let seg = mask.segment(batch: b, query: i, dims: dims) else {
            self = .empty
            return
        }
        let start = seg.keyStart
        let diagonal = seg.localQuery + seg.bottomRightOffset
        var lo = start, hi = start + seg.keyCount
        switch mask.causal {
        case .topLeft?: hi = min(hi, start + seg.localQuery + 1)
        case .bottomRight?: hi = min(hi, start + diagonal + 1)
        case nil: break
        }
        if let window = mask.window {
            // Windows wider than Sq + Skv reach past every key; clamping keeps the sums from overflowing.
            let reach = dims.queryLength + dims.keyLength
            if let left = window.left { lo = max(lo, start + diagonal - min(left, reach)) }
            if let right = window.right { hi = min(hi, start + diagonal + min(right, reach) + 1) }
        }
        self.init(lo: lo, hi: hi, alibiCenter: start + diagonal)
    }

    init(lo: Int, hi: Int, alibiCenter: Int) {
        self.lo = lo
        self.hi = hi
        self.alibiCenter = alibiCenter
    }

    /// The bounds of every query row of batch entry `b`, indexed by query.
    static func table(mask: AttentionMask, batch b: Int, dims: AttentionDims) -> [RowBounds] {
        (0 ..< dims.queryLength).map { RowBounds(mask: mask, batch: b, query: $0, dims: dims) }
    }

    /// The smallest interval holding every non-empty row of `rows`, or nil when all are empty.
    static func union(_ rows: ArraySlice<RowBounds>) -> Range<Int>? {
        var lo = Int.max, hi = Int.min
        for r in rows where !r.isEmpty {
            lo = min(lo, r.lo)
            hi = max(hi, r.hi)
        }
        return lo < hi ? lo ..< hi : nil
    }
}
