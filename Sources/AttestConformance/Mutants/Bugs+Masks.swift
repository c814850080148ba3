import AttestCore

// Bugs in which keys a query sees: causal diagonal, window, padding, packing,
// boolean masks. Each applies the rest of the mask correctly.

extension AttentionMask {
    /// This mask with the constraints in `keyPath` removed, for a mutant that
    /// re-implements one constraint (wrongly) and delegates the rest.
    func without<T>(_ keyPath: WritableKeyPath<AttentionMask, T?>) -> AttentionMask {
        var mask = self
        mask[keyPath: keyPath] = nil
        return mask
    }
}

/// A causal diagonal rule `visible(i', j', offset)`, everything else correct.
protocol CausalBug: AttentionSteps {
    func causalVisible(_ i: Int, _ j: Int, alignment: CausalAlignment, offset: Int) -> Bool
}

extension CausalBug {
    func isVisible(batch b: Int, head h: Int, query i: Int, key j: Int,
                   segment: QuerySegment, args: AttentionArguments) -> Bool {
        guard args.mask.without(\.causal).isVisible(batch: b, head: h, query: i, key: j, segment: segment) else { return false }
        guard let alignment = args.mask.causal else { return true }
        return causalVisible(segment.localQuery, j - segment.keyStart, alignment: alignment, offset: segment.bottomRightOffset)
    }
}

/// Causal with `j' < i'` (the diagonal itself hidden).
struct CausalExcludesDiagonal: CausalBug {
    func causalVisible(_ i: Int, _ j: Int, alignment: CausalAlignment, offset: Int) -> Bool {
        j < i + (alignment == .bottomRight ? offset : 0)
    }
}

/// Causal with `j' <= i' + 1` (one future key visible).
struct CausalSeesNextKey: CausalBug {
    func causalVisible(_ i: Int, _ j: Int, alignment: CausalAlignment, offset: Int) -> Bool {
        j <= i + 1 + (alignment == .bottomRight ? offset : 0)
    }
}

/// Top-left causal computed bottom-right and bottom-right computed top-left.
struct CausalAlignmentSwapped: CausalBug {
    func causalVisible(_ i: Int, _ j: Int, alignment: CausalAlignment, offset: Int) -> Bool {
        j <= i + (alignment == .topLeft ? offset : 0)
    }
}

/// Window with `<` for `<=` on its left edge: one key too many on the left.
struct WindowOffByOne: AttentionSteps {
    func isVisible(batch b: Int, head h: Int, query i: Int, key j: Int,
                   segment: QuerySegment, args: AttentionArguments) -> Bool {
        guard args.mask.without(\.window).isVisible(batch: b, head: h, query: i, key: j, segment: segment) else { return false }
        guard let window = args.mask.window else { return true }
        let jLocal = j - segment.keyStart, diagonal = segment.localQuery + segment.bottomRightOffset
        if let left = window.left, jLocal < diagonal - left - 1 { return false }
        if let right = window.right, jLocal > diagonal + right { return false }
        return true
    }
}

/// A boolean mask broadcast over heads (`[Bm, 1, Sq, Skv]`) is read with
/// inverted meaning (true = hidden); a per-head mask is read correctly.
struct BooleanMaskInvertedWhenBroadcast: AttentionSteps {
    func isVisible(batch b: Int, head h: Int, query i: Int, key j: Int,
                   segment: QuerySegment, args: AttentionArguments) -> Bool {
        guard let boolean = args.mask.boolean, boolean.shape[1] == 1 else {
            return args.mask.isVisible(batch: b, head: h, query: i, key: j, segment: segment)
        }
        guard args.mask.without(\.boolean).isVisible(batch: b, head: h, query: i, key: j, segment: segment) else { return false }
        return !boolean[boolean.shape[0] == 1 ? 0 : b, 0, i, j]
    }
}

/// Ignores `keyLengths`: padded keys are attended.
struct KeyPaddingIgnored: AttentionSteps {
    func segment(batch b: Int, query i: Int, args: AttentionArguments) -> QuerySegment? {
        args.mask.without(\.keyLengths).segment(batch: b, query: i, dims: args.dims)
    }
}

/// Ignores `queryLengths`: padded query rows are computed like valid ones
/// instead of being zero with lse = -inf.
struct QueryPaddingIgnored: AttentionSteps {
    func segment(batch b: Int, query i: Int, args: AttentionArguments) -> QuerySegment? {
        args.mask.without(\.queryLengths).segment(batch: b, query: i, dims: args.dims)
    }
}

/// Packed sequences without the block mask: a query sees the keys of every
/// earlier sequence as well as its own (positions counted from the start of
/// the packed buffer).
struct PackedSequencesLeak: AttentionSteps {
    func segment(batch b: Int, query i: Int, args: AttentionArguments) -> QuerySegment? {
        guard let packed = args.mask.packed,
              var segment = args.mask.segment(batch: b, query: i, dims: args.dims) else {
            return args.mask.segment(batch: b, query: i, dims: args.dims)
        }
        guard let s = (0 ..< packed.count).first(where: {
            packed.queryOffsets[$0] <= i && i < packed.queryOffsets[$0 + 1]
        }) else { return nil }
        segment.localQuery = i
        segment.keyStart = 0
        segment.keyCount = packed.keyOffsets[s + 1]
        segment.queryCount = packed.queryOffsets[s + 1]
        return segment
    }
}
