import AttestCore
import AttestReference
import Testing

/// Key and query padding (per-batch valid lengths). Rules use segment-local
/// positions: a padded batch entry's segment is its valid prefix
/// (sq = queryLengths[b], skv = keyLengths[b]), so the bottom-right offset is
/// that segment's skv - sq.
@Suite("Reference: key and query padding")
struct PaddingTests {
    @Test("key padding hides keys j >= keyLengths[b]")
    func keyPadding() throws {
        let plain = visibilityProblem(batch: 2, queries: 2, keys: 4, mask: AttentionMask(keyLengths: [2, 4]))
        try expectVisibility(plain, "keyLengths [2,4]") { b, _ in b == 0 ? ["11..", "11.."] : ["1111", "1111"] }
        let none = visibilityProblem(queries: 2, keys: 3, mask: AttentionMask(keyLengths: [0]))
        try expectVisibility(none, "keyLengths [0]: fully masked") { _, _ in ["...", "..."] }
    }

    @Test("key padding with causal bottom-right uses the segment's skv - sq")
    func keyPaddingBottomRight() throws {
        // b0: skv = 3, sq = 2, offset 1: j <= i + 1. b1: skv = 4, offset 2.
        let args = visibilityProblem(batch: 2, queries: 2, keys: 4, mask: AttentionMask(causal: .bottomRight, keyLengths: [3, 4]))
        try expectVisibility(args, "BR + keyLengths [3,4]") { b, _ in b == 0 ? ["11..", "111."] : ["111.", "1111"] }
        let tl = visibilityProblem(batch: 2, queries: 2, keys: 4, mask: AttentionMask(causal: .topLeft, keyLengths: [3, 4]))
        try expectVisibility(tl, "TL + keyLengths [3,4]") { _, _ in ["1...", "11.."] }
    }

    @Test("a sliding window is aligned on the valid keys, not on Skv")
    func keyPaddingWindow() throws {
        // skv = 3, sq = 3: offset 0, window (0,0) keeps j = i. Aligned on Skv = 4 it would keep j = i + 1.
        let args = visibilityProblem(queries: 3, keys: 4, mask: AttentionMask(window: SlidingWindow(left: 0, right: 0), keyLengths: [3]))
        try expectVisibility(args, "window (0,0) + keyLengths [3]") { _, _ in ["1...", ".1..", "..1."] }
    }

    @Test("query padding: rows i >= queryLengths[b] are fully masked")
    func queryPadding() throws {
        let plain = visibilityProblem(batch: 2, queries: 3, keys: 3, mask: AttentionMask(queryLengths: [1, 3]))
        try expectVisibility(plain, "queryLengths [1,3]") { b, _ in b == 0 ? ["111", "...", "..."] : ["111", "111", "111"] }
        // b0: sq = 2, skv = 3, offset 1; b1: offset 0.
        let br = visibilityProblem(batch: 2, queries: 3, keys: 3, mask: AttentionMask(causal: .bottomRight, queryLengths: [2, 3]))
        try expectVisibility(br, "BR + queryLengths [2,3]") { b, _ in b == 0 ? ["11.", "111", "..."] : ["1..", "11.", "111"] }
    }

    @Test("key and query padding together")
    func bothPaddings() throws {
        // sq = 2, skv = 3: offset 1; row 2 is padding.
        let args = visibilityProblem(queries: 3, keys: 4, mask: AttentionMask(causal: .bottomRight, keyLengths: [3], queryLengths: [2]))
        try expectVisibility(args, "BR + keyLengths [3] + queryLengths [2]") { _, _ in ["11..", "111.", "...."] }
    }
}
