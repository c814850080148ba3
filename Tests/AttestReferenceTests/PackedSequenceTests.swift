import AttestCore
import AttestReference
import Testing

/// Packed variable-length sequences (cu_seqlens): no attention across
/// sequences, each sequence its own segment for the causal rules, tokens past
/// the last offsets in no sequence.
@Suite("Reference: packed sequences")
struct PackedSequenceTests {
    /// Three packed sequences in Sq = 6 queries and Skv = 7 keys:
    /// s0 = queries 0..<2 with keys 0..<3, s1 = query 2 with key 3 (length 1),
    /// s2 = queries 3..<5 with keys 4..<6. Query 5 and key 6 are past the last
    /// offsets: in no sequence.
    static let packed = PackedSequences(queryOffsets: [0, 2, 3, 5], keyOffsets: [0, 3, 4, 6])

    @Test("packed sequences: no attention across sequences, tokens past the last offset fully masked")
    func packedNoMask() throws {
        let args = visibilityProblem(queries: 6, keys: 7, mask: AttentionMask(packed: Self.packed))
        try expectVisibility(args, "packed") { _, _ in
            ["111....", "111....", "...1...", "....11.", "....11.", "......."]
        }
    }

    @Test("packed sequences with causal masks use positions inside each sequence")
    func packedCausal() throws {
        // s0: sq = 2, skv = 3, bottom-right offset 1; s1 and s2: offset 0.
        let br = visibilityProblem(queries: 6, keys: 7, mask: AttentionMask(causal: .bottomRight, packed: Self.packed))
        try expectVisibility(br, "packed BR") { _, _ in
            ["11.....", "111....", "...1...", "....1..", "....11.", "......."]
        }
        let tl = visibilityProblem(queries: 6, keys: 7, mask: AttentionMask(causal: .topLeft, packed: Self.packed))
        try expectVisibility(tl, "packed TL") { _, _ in
            ["1......", "11.....", "...1...", "....1..", "....11.", "......."]
        }
    }

    @Test("a packed sequence with no keys is fully masked")
    func packedEmptyKeys() throws {
        let packed = PackedSequences(queryOffsets: [0, 1, 2], keyOffsets: [0, 0, 2])
        try expectVisibility(visibilityProblem(queries: 2, keys: 2, mask: AttentionMask(packed: packed)), "empty s0") { _, _ in
            ["..", "11"]
        }
    }
}
