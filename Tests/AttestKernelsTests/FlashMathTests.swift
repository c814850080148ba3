import AttestCore
@testable import AttestKernels
import AttestTensor
import Testing

/// Debug builds run `FlashMath`'s scalar loops and optimized builds the SIMD
/// ones; both must give the same bits, for every tail of rows, row lists,
/// panels and head sizes, and the products must be the plain sums they claim.
@Suite("FlashMath: SIMD and scalar loops agree bit for bit")
struct FlashMathTests {
    /// Same bits (widening to Double is exact and keeps the sign of zero).
    static func same<S: KernelScalar>(_ a: S, _ b: S) -> Bool { Double(a).bitPattern == Double(b).bitPattern }

    static func buffer<S: KernelScalar>(_ count: Int, _ rng: inout SeededGenerator, zeros: Bool = false) -> [S] {
        (0 ..< count).map { _ in zeros && rng.bernoulli(0.3) ? 0 : S(rng.uniform(in: -1 ... 1)) }
    }

    static let scoreSizes = [(1, 1, 1), (5, 1, 7), (6, 2, 16), (7, 3, 64), (13, 2, 59), (12, 8, 128)]
    static let accumulateSizes = [(1, 1, 1), (3, 5, 2), (6, 16, 1), (7, 9, 8), (13, 33, 3)]

    @Test("scores in Float", arguments: scoreSizes) func scoresFloat(_ sizes: (Int, Int, Int)) { scores(Float.self, sizes) }
    @Test("scores in Double", arguments: scoreSizes) func scoresDouble(_ sizes: (Int, Int, Int)) { scores(Double.self, sizes) }
    @Test("accumulate in Float", arguments: accumulateSizes)
    func accumulateFloat(_ sizes: (Int, Int, Int)) { accumulate(Float.self, sizes) }
    @Test("accumulate in Double", arguments: accumulateSizes)
    func accumulateDouble(_ sizes: (Int, Int, Int)) { accumulate(Double.self, sizes) }

    func scores<S: KernelScalar>(_: S.Type, _ sizes: (Int, Int, Int)) {
        let lanes = FlashMath.lanes(S.self)
        let (rows, panels, d) = sizes
        var rng = SeededGenerator(seed: UInt64(rows * 10_000 + panels * 100 + d))
        let q: [S] = Self.buffer(rows * d, &rng), k: [S] = Self.buffer(panels * d * lanes, &rng)
        let lds = panels * lanes + 3
        var s1 = [S](repeating: .nan, count: rows * lds), s2 = s1
        FlashMath.scoresVectorized(q: q, rows: rows, headDim: d, panels: k, panelCount: panels, into: &s1, lds: lds)
        FlashMath.scoresScalar(q: q, rows: rows, headDim: d, panels: k, panelCount: panels, into: &s2, lds: lds)
        for r in 0 ..< rows {
            for c in 0 ..< lds {
                let written = c < panels * lanes
                #expect(Self.same(s1[r * lds + c], s2[r * lds + c]), "scores differ at (\(r), \(c)) for \(sizes)")
                #expect(written ? s1[r * lds + c].isFinite : s1[r * lds + c].isNaN, "(\(r), \(c)) written: \(written)")
                if written { // the dot product of row r and key c, within float32 rounding of each term
                    let panel = c / lanes, lane = c % lanes
                    let exact = (0 ..< d).reduce(0.0) { $0 + Double(q[r * d + $1]) * Double(k[(panel * d + $1) * lanes + lane]) }
                    #expect(abs(Double(s1[r * lds + c]) - exact) <= Double(d) * 1e-6, "score (\(r), \(c)) = \(s1[r * lds + c]), exact \(exact)")
                }
            }
        }
    }

    func accumulate<S: KernelScalar>(_: S.Type, _ sizes: (Int, Int, Int)) {
        let lanes = FlashMath.lanes(S.self)
        let (count, n, vectors) = sizes
        let ldv = vectors * lanes, ldp = n + 2, blockRows = 2 * count + 1
        var rng = SeededGenerator(seed: UInt64(count * 10_000 + n * 100 + vectors))
        let rows = (0 ..< count).map { 2 * $0 + 1 } // every other row: rows in between stay untouched
        let p: [S] = Self.buffer(blockRows * ldp, &rng, zeros: true), v: [S] = Self.buffer(n * ldv, &rng)
        let start: [S] = Self.buffer(blockRows * ldv, &rng)
        var a1 = start, a2 = start
        FlashMath.accumulateVectorized(rows: rows, count: count, weights: p, ldp: ldp, keys: n, values: v, ldv: ldv, into: &a1)
        FlashMath.accumulateScalar(rows: rows, count: count, weights: p, ldp: ldp, keys: n, values: v, ldv: ldv, into: &a2)
        #expect(zip(a1, a2).allSatisfy { Self.same($0, $1) }, "accumulate differs for \(sizes)")
        for r in stride(from: 0, to: blockRows, by: 2) {
            #expect((0 ..< ldv).allSatisfy { Self.same(a1[r * ldv + $0], start[r * ldv + $0]) }, "unlisted row \(r) changed")
        }
        var b1 = start, b2 = start
        FlashMath.accumulateSkippingZerosVectorized(weights: p, keys: n, values: v, ldv: ldv, into: &b1)
        FlashMath.accumulateSkippingZerosScalar(weights: p, keys: n, values: v, ldv: ldv, into: &b2)
        #expect(zip(b1, b2).allSatisfy { Self.same($0, $1) }, "accumulateSkippingZeros differs for \(sizes)")
    }

    @Test("skipping zero weights keeps NaN and infinite values of unweighted keys out")
    func skippingZeros() {
        let ldv = FlashMath.lanes(Float.self)
        let p: [Float] = [0.5, 0, 0.25]
        var v = [Float](repeating: 1, count: 3 * ldv)
        for e in 0 ..< ldv { v[ldv + e] = e % 2 == 0 ? .nan : .infinity }
        for vectorized in [true, false] {
            var acc = [Float](repeating: 0, count: ldv)
            if vectorized {
                FlashMath.accumulateSkippingZerosVectorized(weights: p, keys: 3, values: v, ldv: ldv, into: &acc)
            } else {
                FlashMath.accumulateSkippingZerosScalar(weights: p, keys: 3, values: v, ldv: ldv, into: &acc)
            }
            #expect(acc.allSatisfy { $0 == 0.75 }, "vectorized \(vectorized): \(acc)")
        }
    }
}
