import AttestCore

// Bugs in which memory is read or written: head and batch indexing, tiles,
// strides, layouts, bounds.

/// GQA by tiling (`h % Hkv`, [h0, h1, h0, h1]) instead of repeat-interleave (`h / (Hq/Hkv)`).
struct GroupedQueryTiled: AttentionSteps {
    func keyValueHead(forQueryHead h: Int, dims: AttentionDims) -> Int { h % dims.keyValueHeads }
}

/// Batch entry b reads k and v of entry `(b + 1) % B`.
struct BatchMixing: AttentionSteps {
    func keyValueBatch(forBatch b: Int, dims: AttentionDims) -> Int { (b + 1) % dims.batch }
}

/// Tiles of 16 keys, and the loop stops at the last full tile: keys
/// `16·floor(Skv/16) ..< Skv` are never visited.
struct PartialKeyTileDropped: AttentionSteps {
    func visitedKeys(_ dims: AttentionDims) -> Range<Int> { 0 ..< dims.keyLength / 16 * 16 }
}

/// Tiles of 16 queries, and the last partial tile is never stored: rows
/// `16·floor(Sq/16) ..< Sq` of o and lse stay as they were.
struct PartialQueryTileUnwritten: AttentionSteps {
    func writes(batch b: Int, query i: Int, head h: Int, dims: AttentionDims) -> Bool {
        i < dims.queryLength / 16 * 16
    }
}

/// The last query row of the last head of the last batch entry is never stored.
struct UnwrittenLastRow: AttentionSteps {
    func writes(batch b: Int, query i: Int, head h: Int, dims: AttentionDims) -> Bool {
        !(b == dims.batch - 1 && i == dims.queryLength - 1 && h == dims.queryHeads - 1)
    }
}

/// Reads v with the row stride of k (D instead of Dv): garbage when Dv != D
/// (indices wrap around the end of v rather than trapping).
struct ValueDimAsHeadDim: AttentionSteps {
    func value(_ v: [Double], batch b: Int, key j: Int, head kvh: Int, element e: Int, dims: AttentionDims) -> Double {
        v[(((b * dims.keyLength + j) * dims.keyValueHeads + kvh) * dims.headDim + e) % v.count]
    }
}

/// Writes o as if it were a contiguous `[B, Hq, Sq, Dv]` buffer: element
/// (b, i, h, e) goes to the `[B, Sq, Hq, Dv]` position with the same flat
/// offset. Harmless only when Hq = 1 or Sq = 1.
struct OutputLayoutBHSD: AttentionSteps {
    func outputIndex(batch b: Int, query i: Int, head h: Int, element e: Int, dims: AttentionDims) -> [Int] {
        var n = ((b * dims.queryHeads + h) * dims.queryLength + i) * dims.valueDim + e
        let e2 = n % dims.valueDim; n /= dims.valueDim
        let h2 = n % dims.queryHeads; n /= dims.queryHeads
        let i2 = n % dims.queryLength
        return [n / dims.queryLength, i2, h2, e2]
    }
}

/// Loop bound `j <= Skv`: loads key row Skv, one past the end of k, and
/// masks it with a zero weight. Invisible unless the memory after k holds
/// NaN or infinity (0·NaN = NaN).
struct ReadPastEndOfKeys: AttentionSteps {
    func loadedPastEnd(_ dims: AttentionDims) -> Range<Int> { dims.keyLength ..< dims.keyLength + 1 }
}
