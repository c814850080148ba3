import AttestCore
@testable import AttestKernels
import AttestTensor
import AttestTestSupport
import Testing

/// Debug builds run the scalar loops and optimized builds the SIMD ones; both
/// must give the same bits, for every tail of rows, keys and value features.
@Suite("TileMath: SIMD and scalar loops agree bit for bit")
struct TileMathTests {
    @Test("Float", arguments: [(1, 1, 1, 1), (3, 17, 5, 16), (4, 16, 64, 64), (7, 40, 3, 67), (9, 33, 59, 17)])
    func float(_ sizes: (Int, Int, Int, Int)) { check(Float.self, sizes) }

    @Test("Double", arguments: [(1, 1, 1, 1), (3, 9, 5, 8), (4, 16, 64, 64), (7, 40, 3, 35), (9, 33, 59, 17)])
    func double(_ sizes: (Int, Int, Int, Int)) { check(Double.self, sizes) }

    /// Same bits (widening to Double is exact and keeps the sign of zero).
    func same<S: KernelScalar>(_ a: S, _ b: S) -> Bool { Double(a).bitPattern == Double(b).bitPattern }

    func check<S: KernelScalar>(_: S.Type, _ sizes: (Int, Int, Int, Int)) {
        let (rows, n, d, dv) = sizes
        var rng = SeededGenerator(seed: UInt64(rows * 1_000_000 + n * 10_000 + d * 100 + dv))
        func buffer(_ count: Int, zeros: Bool = false) -> [S] {
            (0 ..< count).map { _ in zeros && rng.bernoulli(0.3) ? 0 : S(rng.uniform(in: -1 ... 1)) }
        }
        let ldk = n + 3, lds = n + 2
        let q = buffer(rows * d), kT = buffer(d * ldk), p = buffer(n, zeros: true), v = buffer(n * dv)
        var s1 = [S](repeating: .nan, count: rows * lds), s2 = s1
        TileMath.scoresVectorized(q: q, rows: rows, kT: kT, ldk: ldk, headDim: d, keys: n, into: &s1, lds: lds)
        TileMath.scoresScalar(q: q, rows: rows, kT: kT, ldk: ldk, headDim: d, keys: n, into: &s2, lds: lds)
        let scoreCells = (0 ..< rows).flatMap { r in (0 ..< n).map { r * lds + $0 } }
        #expect(scoreCells.allSatisfy { same(s1[$0], s2[$0]) }, "scores differ for \(sizes)")
        #expect(scoreCells.allSatisfy { s1[$0].isFinite }, "scores not all written for \(sizes)")

        var a1 = buffer(dv), a2 = a1
        TileMath.accumulateVectorized(weights: p, keys: n, values: v, valueDim: dv, into: &a1)
        TileMath.accumulateScalar(weights: p, keys: n, values: v, valueDim: dv, into: &a2)
        #expect(zip(a1, a2).allSatisfy { same($0, $1) }, "accumulate differs for \(sizes)")

        var e = buffer(n * dv)
        let sum1 = TileMath.sumVectorized(&e, count: e.count), sum2 = TileMath.sumScalar(&e, count: e.count)
        #expect(same(sum1, sum2), "sums differ for \(sizes): \(sum1) vs \(sum2)")
    }
}
