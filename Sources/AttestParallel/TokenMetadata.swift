import AttestCore

/// The per-token part of an `AttentionMask`, as a sharded preamble moves it.
///
/// Padding lengths and packed offsets describe whole sequences, but a rank
/// that holds only some tokens knows only those tokens' status. Each rank
/// encodes its tokens (query side and key side separately) as one 32-bit
/// code per (batch entry, token), all-gathers the codes, and rebuilds the
/// global lengths and offsets from the gathered, position-ordered codes (the
/// reason ALST all-gathers `position_ids`: locally rebuilt positions restart
/// at 0 on every rank and silently break masks; DeepSpeed PR #7887).
///
/// Codes, row-major `[B, tokens]`:
/// - padding (`keyLengths` / `queryLengths`): 1 for a valid token, 0 for padding;
/// - packed sequences (B = 1): `s + 1` for a token of sequence s, 0 past the last offset.
enum TokenMetadata {
    enum Side: String, Sendable { case query, key }

    /// Whether `mask` carries per-token information on `side`.
    static func isPresent(in mask: AttentionMask, side: Side) -> Bool {
        if mask.packed != nil { return true }
        return side == .query ? mask.queryLengths != nil : mask.keyLengths != nil
    }

    /// The codes of the tokens at global `positions` of every batch entry.
    static func encode(_ mask: AttentionMask, side: Side, batch: Int, positions: [Int]) -> IntegerVector {
        var codes: [Int32] = []
        codes.reserveCapacity(batch * positions.count)
        for b in 0 ..< batch {
            for t in positions {
                if let packed = mask.packed {
                    let offsets = side == .query ? packed.queryOffsets : packed.keyOffsets
                    let s = (0 ..< packed.count).first { offsets[$0] <= t && t < offsets[$0 + 1] }
                    codes.append(s.map { Int32($0 + 1) } ?? 0)
                } else {
                    let lengths = side == .query ? mask.queryLengths : mask.keyLengths
                    codes.append(t < lengths![b] ? 1 : 0)
                }
            }
        }
        return IntegerVector(codes)
    }

    /// Gathered codes of every rank (rank i's for its `positions[i]`) put back
    /// into global token order: `[B, length]` row-major.
    static func globalCodes(_ parts: [IntegerVector], positions: [[Int]], batch: Int, length: Int) -> [Int32] {
        var codes = Array(repeating: Int32(0), count: batch * length)
        for (part, ranks) in zip(parts, positions) {
            for b in 0 ..< batch {
                for (n, t) in ranks.enumerated() { codes[b * length + t] = part.values[b * ranks.count + n] }
            }
        }
        return codes
    }

    /// `mask` with its `side` lengths or offsets replaced by those the codes
    /// describe. Throws when codes are not a valid prefix or run pattern.
    static func rebuild(_ mask: AttentionMask, side: Side, codes: [Int32], batch: Int, length: Int) throws -> AttentionMask {
        var mask = mask
        if let packed = mask.packed {
            var offsets = [0]
            for s in 1 ... packed.count { offsets.append(codes.count { $0 >= 1 && $0 <= Int32(s) }) }
            let expected = encode(AttentionMask(packed: PackedSequences(queryOffsets: offsets, keyOffsets: offsets)),
                                  side: .query, batch: 1, positions: Array(0 ..< length))
            guard expected.values == codes else {
                throw AttestError.invalidArguments("gathered \(side.rawValue) sequence ids \(codes) are not contiguous runs in order")
            }
            if side == .query { mask.packed!.queryOffsets = offsets } else { mask.packed!.keyOffsets = offsets }
        } else {
            var lengths: [Int] = []
            for b in 0 ..< batch {
                let row = codes[b * length ..< (b + 1) * length]
                let valid = row.count { $0 == 1 }
                guard row.prefix(valid).allSatisfy({ $0 == 1 }), row.dropFirst(valid).allSatisfy({ $0 == 0 }) else {
                    throw AttestError.invalidArguments("gathered \(side.rawValue) padding flags of batch entry \(b) are not a valid prefix")
                }
                lengths.append(valid)
            }
            if side == .query { mask.queryLengths = lengths } else { mask.keyLengths = lengths }
        }
        return mask
    }

    /// What every rank knows of `mask` before any exchange: its rules (causal,
    /// window) and the number of packed sequences, but no per-token data
    /// (lengths nil, offsets zero, no boolean tensor). `rebuild` and the
    /// preamble's mask exchange restore the rest.
    static func stripped(_ mask: AttentionMask) -> AttentionMask {
        var mask = mask
        mask.keyLengths = nil
        mask.queryLengths = nil
        mask.boolean = nil
        if let packed = mask.packed {
            let zeros = Array(repeating: 0, count: packed.count + 1)
            mask.packed = PackedSequences(queryOffsets: zeros, keyOffsets: zeros)
        }
        return mask
    }
}
