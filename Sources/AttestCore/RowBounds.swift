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
public struct RowBounds: Sendable, Equatable {
    /// First visible key (global index).
    public var lo: Int
    /// One past the last visible key (global index).
    public var hi: Int
    /// Global key index of this row's bottom-right diagonal
    /// (`keyStart + i' + skv - sq`): ALiBi adds `-slope · |alibiCenter - j|`.
    public var alibiCenter: Int

    public var isEmpty: Bool { lo >= hi }

    public static let empty = RowBounds(lo: 0, hi: 0, alibiCenter: 0)

    /// The bounds of query `i` in batch entry `b`.
    public init(mask: AttentionMask, batch b: Int, query i: Int, dims: AttentionDims) {
        guard let segment = mask.segment(batch: b, query: i, dims: dims) else {
            self = .empty
            return
        }
        self.init(segment: segment, mask: mask, dims: dims)
    }

    /// The bounds of the query `segment` describes.
    public init(segment: QuerySegment, mask: AttentionMask, dims: AttentionDims) {
        let start = segment.keyStart, diagonal = segment.localQuery + segment.bottomRightOffset
        var lo = start, hi = start + segment.keyCount
        switch mask.causal {
        case .topLeft?: hi = min(hi, start + segment.localQuery + 1)
        case .bottomRight?: hi = min(hi, start + diagonal + 1)
        case nil: break
        }
        if let window = mask.window {
            // Windows wider than Sq + Skv reach past every key; clamping keeps the sums from overflowing.
            let reach = dims.queryLength + dims.keyLength
            if let left = window.left { lo = max(lo, start + diagonal - min(left, reach)) }
            if let right = window.right { hi = min(hi, start + diagonal + min(right, reach) + 1) }
        }
        self.init(lo: lo, hi: hi, alibiCenter: segment.alibiCenter)
    }

    public init(lo: Int, hi: Int, alibiCenter: Int) {
        self.lo = lo
        self.hi = hi
        self.alibiCenter = alibiCenter
    }

    /// The bounds of every query row of batch entry `b`, indexed by query.
    /// Packed sequences are walked once (the same segments `AttentionMask.segment`
    /// finds by search), so the table costs O(Sq + sequences).
    public static func table(mask: AttentionMask, batch b: Int, dims: AttentionDims) -> [RowBounds] {
        guard let packed = mask.packed else {
            return (0 ..< dims.queryLength).map { RowBounds(mask: mask, batch: b, query: $0, dims: dims) }
        }
        var rows = Array(repeating: RowBounds.empty, count: dims.queryLength)
        for s in 0 ..< packed.count {
            let q0 = packed.queryOffsets[s], q1 = packed.queryOffsets[s + 1]
            let k0 = packed.keyOffsets[s], k1 = packed.keyOffsets[s + 1]
            for i in q0 ..< q1 {
                let segment = QuerySegment(localQuery: i - q0, keyStart: k0, keyCount: k1 - k0, queryCount: q1 - q0)
                rows[i] = RowBounds(segment: segment, mask: mask, dims: dims)
            }
        }
        return rows
    }

    /// The smallest interval holding every non-empty row of `rows`, or nil when all are empty.
    public static func union(_ rows: ArraySlice<RowBounds>) -> Range<Int>? {
        var lo = Int.max, hi = Int.min
        for r in rows where !r.isEmpty {
            lo = min(lo, r.lo)
            hi = max(hi, r.hi)
        }
        return lo < hi ? lo ..< hi : nil
    }
}
