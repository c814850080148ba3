/// The visibility rules of `docs/semantics.md`, in one place.
///
/// Every rule is stated on *segment-local* positions: for a padded batch entry
/// the segment is its valid prefix (lengths `queryLengths[b]`, `keyLengths[b]`),
/// for packed sequences it is the query's own sequence, otherwise it is the
/// whole row. Within a segment of lengths (sq, skv), query i' and key j' use
/// the bottom-right offset `skv - sq` for the bottom-right causal diagonal,
/// the sliding window and ALiBi.
public struct QuerySegment: Sendable, Hashable {
    /// Position of this query inside its segment.
    public var localQuery: Int
    /// First global key index of the segment.
    public var keyStart: Int
    /// Number of keys in the segment (`skv`).
    public var keyCount: Int
    /// Number of queries in the segment (`sq`).
    public var queryCount: Int

    /// `skv - sq`: where the bottom-right diagonal puts this segment's last query.
    public var bottomRightOffset: Int { keyCount - queryCount }

    /// The global key index on this query's bottom-right diagonal,
    /// `keyStart + i' + skv - sq`: ALiBi's distance is measured from it.
    public var alibiCenter: Int { keyStart + localQuery + bottomRightOffset }
}

extension AttentionMask {
    /// The segment query `i` of batch entry `b` belongs to, or nil when the
    /// row is padding (or outside every packed sequence) and so fully masked.
    public func segment(batch b: Int, query i: Int, dims: AttentionDims) -> QuerySegment? {
        if let packed {
            guard let s = (0 ..< packed.count).first(where: {
                packed.queryOffsets[$0] <= i && i < packed.queryOffsets[$0 + 1]
            }) else { return nil }
            return QuerySegment(
                localQuery: i - packed.queryOffsets[s],
                keyStart: packed.keyOffsets[s],
                keyCount: packed.keyOffsets[s + 1] - packed.keyOffsets[s],
                queryCount: packed.queryOffsets[s + 1] - packed.queryOffsets[s])
        }
        let sq = queryLengths?[b] ?? dims.queryLength
        let skv = keyLengths?[b] ?? dims.keyLength
        guard i < sq else { return nil }
        return QuerySegment(localQuery: i, keyStart: 0, keyCount: skv, queryCount: sq)
    }

    /// Whether key `j` (global index) is visible to the query described by
    /// `segment` in batch entry `b`, query head `h`, global query index `i`.
    /// Scores are still subject to masking by an additive bias of -infinity.
    public func isVisible(batch b: Int, head h: Int, query i: Int, key j: Int,
                          segment: QuerySegment) -> Bool {
        let jLocal = j - segment.keyStart
        guard jLocal >= 0 && jLocal < segment.keyCount else { return false }
        let iLocal = segment.localQuery
        switch causal {
        case .topLeft?: if jLocal > iLocal { return false }
        case .bottomRight?: if jLocal > iLocal + segment.bottomRightOffset { return false }
        case nil: break
        }
        if let window {
            let diagonal = iLocal + segment.bottomRightOffset
            // Written as distances from the diagonal so huge window sizes cannot overflow.
            if let left = window.left, diagonal - jLocal > left { return false }
            if let right = window.right, jLocal - diagonal > right { return false }
        }
        if let boolean, !boolean.element(batch: b, head: h, query: i, key: j) { return false }
        return true
    }
}
