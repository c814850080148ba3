import AttestCore
import AttestReference
import AttestTestSupport
import Foundation
import Testing

/// Odd head sizes, Dv != D, Sq != Skv in both directions with values.
@Suite("Reference: head sizes and sequence lengths")
struct ShapeTests {
    @Test("odd D = 3 with Dv = 5 and the default scale 1/sqrt(3)")
    func oddHeadSizes() throws {
        // q = (1,1,1); k0 = (1,1,1) -> q·k0 = 3, s0 = 3/sqrt(3) = sqrt(3); k1 = (1,-1,0) -> s1 = 0.
        // o[e] = (e^√3·v0[e] + v1[e]) / (e^√3 + 1), lse = log(e^√3 + 1).
        let v0: [Double] = [1, 2, 3, 4, 5], v1: [Double] = [5, 4, 3, 2, 1]
        let args = AttentionArguments(q: tensor([1, 1, 1, 3], [1, 1, 1]), k: tensor([1, 2, 1, 3], [1, 1, 1, 1, -1, 0]),
                                      v: tensor([1, 2, 1, 5], v0 + v1))
        #expect(args.requiredFeatures.contains(.valueDimDiffers))
        let (o, lse) = try runReference(args)
        let w = exp(3.0.squareRoot())
        for e in 0 ..< 5 { expectClose(o[0, 0, 0, e], (w * v0[e] + v1[e]) / (w + 1), "o[\(e)]") }
        expectClose(lse[0, 0, 0], log(w + 1), "lse")
    }

    @Test("D = 1 and Dv = 7; Dv < D")
    func extremeHeadSizes() throws {
        // One key: weight exactly 1, so o = v and lse = s = 2·3 (scale 1).
        let wide = AttentionArguments(q: tensor([1, 1, 1, 1], [2]), k: tensor([1, 1, 1, 1], [3]),
                                      v: tensor([1, 1, 1, 7], [1, 2, 3, 4, 5, 6, 7]), scale: 1)
        let (o, lse) = try runReference(wide)
        #expect((0 ..< 7).map { o[0, 0, 0, $0] } == [1, 2, 3, 4, 5, 6, 7])
        #expect(lse[0, 0, 0] == 6)
        // D = 6, Dv = 1: q·k = 6·(0.5·1) = 3, scale 1/sqrt(6) -> s = 3/sqrt(6); single key again.
        let narrow = AttentionArguments(q: filled([1, 1, 1, 6], 0.5), k: filled([1, 1, 1, 6], 1), v: filled([1, 1, 1, 1], -2))
        let (p, plse) = try runReference(narrow)
        #expect(p[0, 0, 0, 0] == -2)
        expectClose(plse[0, 0, 0], 3 / 6.0.squareRoot(), "lse = the one score")
    }

    @Test("Sq > Skv and Sq < Skv with values (no mask)")
    func unequalLengths() throws {
        // Skv = 2 keys with scores (1, 0) for every query (q = 1, k = (1, 0), scale 1): each of the
        // Sq = 5 rows gives o = (e·10 + 20)/(e + 1).
        let tall = AttentionArguments(q: filled([1, 5, 1, 1], 1), k: tensor([1, 2, 1, 1], [1, 0]),
                                      v: tensor([1, 2, 1, 1], [10, 20]), scale: 1)
        let (o, _) = try runReference(tall)
        for i in 0 ..< 5 { expectClose(o[0, i, 0, 0], (exp(1.0) * 10 + 20) / (exp(1.0) + 1), "Sq>Skv row \(i)") }
        // Sq = 1, Skv = 5, all scores 0: o = mean(v) = (1+2+3+4+5)/5 = 3, lse = log 5.
        let wide = AttentionArguments(q: filled([1, 1, 1, 1], 0), k: filled([1, 5, 1, 1], 1),
                                      v: tensor([1, 5, 1, 1], [1, 2, 3, 4, 5]))
        let (p, plse) = try runReference(wide)
        expectClose(p[0, 0, 0, 0], 3, "Sq<Skv mean")
        expectClose(plse[0, 0, 0], log(5.0), "Sq<Skv lse")
    }
}
