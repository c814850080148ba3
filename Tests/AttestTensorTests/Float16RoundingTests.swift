import AttestTensor
import Testing

/// `Float16(rounding: Double)` rounds once, directly from Double: spot checks
/// where rounding through Float first would give a different answer, and a
/// sample against the by-value reference.
@Suite("Float16 rounding from Double")
struct Float16RoundingTests {
    /// Double -> expected binary16 bits, derived by hand (binary16: 10
    /// fraction bits, ulp 2^-10 at 1, least subnormal 2^-24, largest 65504).
    static let traps: [(Double, UInt16, String)] = [
        (1 + 0x1p-11 + 0x1p-40, 0x3C01, "above the tie 1 + 2^-11; via Float it is the tie -> 0x3C00"),
        (1 + 0x1p-10 + 0x1p-11 - 0x1p-40, 0x3C01, "below an odd tie; via Float it is the tie -> 0x3C02"),
        (0x1p-25 + 0x1p-60, 0x0001, "above half the least subnormal; via Float exactly half -> 0"),
        (65519.99999999, 0x7BFF, "below the overflow tie 65520; via Float 65520 -> infinity"),
        (65520, 0x7C00, "the overflow tie: odd 0x7BFF rounds up to infinity"),
        (1 + 0x1p-11, 0x3C00, "an exact tie, even -> down"),
        (-(1 + 0x1p-10 + 0x1p-11), 0xBC02, "an exact negative tie, odd -> away from zero"),
        (1e-10, 0x0000, "underflow -> +0"),
        (-1e-10, 0x8000, "underflow -> -0"),
        (1e10, 0x7C00, "overflow -> infinity"),
    ]

    @Test("single rounding spot checks", arguments: traps.indices)
    func trap(_ n: Int) {
        let (x, expected, what) = Self.traps[n]
        #expect(Float16(rounding: x).bitPattern == expected, "\(what)")
        #expect(Float16(BinaryFormat.binary16.round(x)).bitPattern == expected, "the reference itself: \(what)")
    }

    @Test("NaN stays NaN")
    func nan() {
        #expect(Float16(rounding: .nan).isNaN)
        #expect(Float16(rounding: -Double.nan).isNaN)
    }

    @Test("equals the by-value reference on 200,000 doubles near binary16 ties and across its range")
    func sampleMatchesReference() {
        var rng = SeededGenerator(seed: 0xF16)
        var failures: [Double] = []
        func check(_ x: Double) {
            let expected = BinaryFormat.binary16.round(x)
            let actual = Float16(rounding: x).doubleValue
            if actual.bitPattern != expected.bitPattern { failures.append(x) }
        }
        for _ in 0 ..< 50_000 {
            let exponent = Int.random(in: -27 ... 17, using: &rng)
            check(Double(sign: Bool.random(using: &rng) ? .minus : .plus, exponent: exponent,
                         significand: 1 + Double(rng.next() >> 12) * 0x1p-52))
            let b = UInt16.random(in: 0 ... 0x7BFE, using: &rng)
            let mid = (Double(Float16(bitPattern: b)) + Double(Float16(bitPattern: b + 1))) / 2
            check(mid)
            check(mid.nextUp)
            check(-mid.nextDown)
        }
        #expect(failures.isEmpty, "\(failures.count) wrong, first: \(failures.prefix(5))")
    }
}
