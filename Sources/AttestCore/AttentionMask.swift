import AttestTensor

/// Where the causal diagonal sits when Sq != Skv.
public enum CausalAlignment: String, Sendable, Codable, CaseIterable {
    /// Key j is visible to query i iff `j <= i` (PyTorch's `is_causal`).
    case topLeft = "top_left"
    /// Key j is visible to query i iff `j <= i + Skv - Sq` (FlashAttention's):
    /// the last query sees every key.
    case bottomRight = "bottom_right"
}

/// A local attention window, aligned bottom-right like FlashAttention's
/// `window_size=(left, right)`: key j is visible to query i iff
/// `i + Skv - Sq - left <= j <= i + Skv - Sq + right`. `nil` is unbounded.
public struct SlidingWindow: Sendable, Hashable, Codable {
    public var left: Int?
    public var right: Int?
    public init(left: Int?, right: Int?) {
        self.left = left
        self.right = right
    }
}

/// Packed variable-length sequences (FlashAttention's `cu_seqlens`): with
/// B = 1, query tokens `queryOffsets[s] ..< queryOffsets[s+1]` form sequence s
/// and attend only to key tokens `keyOffsets[s] ..< keyOffsets[s+1]`. Both
/// arrays start at 0, never decrease, and have one more entry than there are
/// sequences. Tokens past the last offset belong to no sequence (fully masked).
public struct PackedSequences: Sendable, Hashable, Codable {
    public var queryOffsets: [Int]
    public var keyOffsets: [Int]
    public init(queryOffsets: [Int], keyOffsets: [Int]) {
        self.queryOffsets = queryOffsets
        self.keyOffsets = keyOffsets
    }
    public var count: Int { queryOffsets.count - 1 }
}

/// Everything that decides which keys a query may see. Every present
/// constraint applies (they combine by AND); `AttentionMask()` masks nothing.
/// The exact rules are in `AttentionMask+Visibility.swift` and `docs/semantics.md`.
public struct AttentionMask: Sendable {
    /// Causal masking and its alignment; nil for none.
    public var causal: CausalAlignment?
    /// A local window, aligned bottom-right; nil for none.
    public var window: SlidingWindow?
    /// Valid key count per batch entry (`[B]`): keys `j >= keyLengths[b]` are padding.
    public var keyLengths: [Int]?
    /// Valid query count per batch entry (`[B]`): rows `i >= queryLengths[b]`
    /// are padding and fully masked.
    public var queryLengths: [Int]?
    /// Packed variable-length sequences; requires B = 1 and no padding lengths.
    public var packed: PackedSequences?
    /// An arbitrary mask `[Bm, Hm, Sq, Skv]`, `Bm` in {1, B}, `Hm` in {1, Hq};
    /// `true` means the key may be attended (PyTorch's boolean `attn_mask`).
    public var boolean: Tensor<Bool>?

    public init(causal: CausalAlignment? = nil, window: SlidingWindow? = nil,
                keyLengths: [Int]? = nil, queryLengths: [Int]? = nil,
                packed: PackedSequences? = nil, boolean: Tensor<Bool>? = nil) {
        self.causal = causal
        self.window = window
        self.keyLengths = keyLengths
        self.queryLengths = queryLengths
        self.packed = packed
        self.boolean = boolean
    }
}
