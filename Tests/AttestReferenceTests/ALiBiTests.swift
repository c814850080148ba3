import AttestCore
import AttestReference
import AttestTestSupport
import Foundation
import Testing

/// ALiBi: score += -slope_h · |i' + skv - sq - j'| on segment-local positions
/// (FlashAttention's `alibi_slopes`), after softcap, with the bias. With zero
/// q·k the weights are exactly proportional to exp(-slope·distance).
@Suite("Reference: ALiBi")
struct ALiBiTests {
    /// Zero scores, one-hot v, `slopes` per query head, `mask`.
    static func problem(queries: Int, keys: Int, slopes: [Double], mask: AttentionMask = AttentionMask()) -> AttentionArguments {
        var args = visibilityProblem(queries: queries, keys: keys, queryHeads: slopes.count, mask: mask)
        args.alibiSlopes = slopes
        return args
    }

    /// Expects row i of head h to have weights ∝ exp(-slope·d) over `distances` (nil = hidden).
    static func expectRow(_ o: (Int, Int, Int) -> Double, head h: Int, query i: Int, slope: Double,
                          distances: [Int?], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let unnormalised = distances.map { $0.map { exp(-slope * Double($0)) } ?? 0 }
        let z = unnormalised.reduce(0, +)
        for (j, u) in unnormalised.enumerated() {
            expectClose(o(h, i, j), u / z, "\(what): h=\(h) i=\(i) j=\(j)", sourceLocation: sourceLocation)
        }
    }

    @Test("Sq = Skv: distance |i - j|, one slope per head")
    func square() throws {
        // Head 0 slope 1: row 0 ∝ (1, e^-1, e^-2); row 1 ∝ (e^-1, 1, e^-1). Head 1 slope 0: uniform, exactly 1/3.
        let (o, lse) = try runReference(Self.problem(queries: 3, keys: 3, slopes: [1, 0]))
        let at = { (h: Int, i: Int, j: Int) in o[0, i, h, j] }
        Self.expectRow(at, head: 0, query: 0, slope: 1, distances: [0, 1, 2], "square")
        Self.expectRow(at, head: 0, query: 1, slope: 1, distances: [1, 0, 1], "square")
        expectClose(lse[0, 0, 0], log(1 + exp(-1.0) + exp(-2.0)), "lse row 0")
        #expect((0 ..< 3).allSatisfy { o[0, 2, 1, $0] == 1.0 / 3 }, "slope 0 leaves scores unchanged")
    }

    @Test("Sq < Skv and Sq > Skv: distance to the bottom-right diagonal |i + Skv - Sq - j|")
    func rectangular() throws {
        // Sq = 2, Skv = 4, offset 2: row 0 distances (2, 1, 0, 1), row 1 (3, 2, 1, 0).
        let (o, _) = try runReference(Self.problem(queries: 2, keys: 4, slopes: [0.5]))
        let at = { (h: Int, i: Int, j: Int) in o[0, i, h, j] }
        Self.expectRow(at, head: 0, query: 0, slope: 0.5, distances: [2, 1, 0, 1], "Sq<Skv")
        Self.expectRow(at, head: 0, query: 1, slope: 0.5, distances: [3, 2, 1, 0], "Sq<Skv")
        // Sq = 4, Skv = 2, offset -2: row 0 distances (2, 3), row 3 (1, 0).
        let (p, _) = try runReference(Self.problem(queries: 4, keys: 2, slopes: [0.5]))
        let pat = { (h: Int, i: Int, j: Int) in p[0, i, h, j] }
        Self.expectRow(pat, head: 0, query: 0, slope: 0.5, distances: [2, 3], "Sq>Skv")
        Self.expectRow(pat, head: 0, query: 3, slope: 0.5, distances: [1, 0], "Sq>Skv")
    }

    @Test("with causal bottom-right, hidden keys stay hidden")
    func causal() throws {
        // Sq = 2, Skv = 4: row 0 sees j <= 2 with distances (2, 1, 0).
        let (o, _) = try runReference(Self.problem(queries: 2, keys: 4, slopes: [1], mask: AttentionMask(causal: .bottomRight)))
        Self.expectRow({ o[0, $1, $0, $2] }, head: 0, query: 0, slope: 1, distances: [2, 1, 0, nil], "causal")
    }

    @Test("distances are segment-local under key padding")
    func segmentLocal() throws {
        // keyLengths [3], Sq = 2: offset skv - sq = 1, row 0 distances (1, 0, 1), key 3 hidden.
        // (With the global offset 2 they would be (2, 1, 0).)
        let (o, _) = try runReference(Self.problem(queries: 2, keys: 4, slopes: [1], mask: AttentionMask(keyLengths: [3])))
        Self.expectRow({ o[0, $1, $0, $2] }, head: 0, query: 0, slope: 1, distances: [1, 0, 1, nil], "padded")
    }
}
