import AttestCore
import AttestReference
import Testing

/// The sliding window (left, right), aligned bottom-right, alone and combined
/// with a causal mask by AND. Patterns as in CausalMaskTests.
@Suite("Reference: sliding window")
struct SlidingWindowTests {
    @Test("sliding window (left, right), bottom-right aligned: i+Skv-Sq-left <= j <= i+Skv-Sq+right")
    func slidingWindow() throws {
        func window(_ left: Int?, _ right: Int?) -> AttentionMask {
            AttentionMask(window: SlidingWindow(left: left, right: right))
        }
        // Sq = Skv = 4, diagonal j = i.
        try expectVisibility(visibilityProblem(queries: 4, keys: 4, mask: window(1, 0)), "(1,0)") { _, _ in
            ["1...", "11..", ".11.", "..11"]
        }
        try expectVisibility(visibilityProblem(queries: 4, keys: 4, mask: window(0, 1)), "(0,1)") { _, _ in
            ["11..", ".11.", "..11", "...1"]
        }
        // Sq = 2, Skv = 4, diagonal j = i + 2: row 0 keeps 1...3, row 1 keeps 2...4 (4 does not exist).
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: window(1, 1)), "(1,1) Sq<Skv") { _, _ in
            [".111", "..11"]
        }
        // Sq = 4, Skv = 2, diagonal j = i - 2: row 2 keeps -1...0, row 3 keeps 0...1.
        try expectVisibility(visibilityProblem(queries: 4, keys: 2, mask: window(1, 0)), "(1,0) Sq>Skv") { _, _ in
            ["..", "..", "1.", "11"]
        }
        // Unbounded sides: (nil, 0) is causal bottom-right; (0, nil) keeps the diagonal and right of it.
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: window(nil, 0)), "(nil,0)") { _, _ in
            ["111.", "1111"]
        }
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: window(0, nil)), "(0,nil)") { _, _ in
            ["..11", "...1"]
        }
    }

    @Test("window sizes up to Int.max mean unbounded on that side, without overflow")
    func hugeWindow() throws {
        // (Int.max, 0) hides only keys right of the diagonal: the causal bottom-right pattern.
        let mask = AttentionMask(window: SlidingWindow(left: .max, right: 0))
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: mask), "(Int.max,0)") { _, _ in
            ["111.", "1111"]
        }
        let both = AttentionMask(window: SlidingWindow(left: .max, right: .max))
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: both), "(Int.max,Int.max)") { _, _ in
            ["1111", "1111"]
        }
    }

    @Test("masks combine by AND: window (2, 0) with causal top-left")
    func windowAndCausal() throws {
        // Window alone, Sq=2, Skv=4 (diagonal i+2): "111.", ".111"; top-left alone: "1...", "11..".
        let mask = AttentionMask(causal: .topLeft, window: SlidingWindow(left: 2, right: 0))
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: mask), "window AND TL") { _, _ in
            ["1...", ".1.."]
        }
    }
}
