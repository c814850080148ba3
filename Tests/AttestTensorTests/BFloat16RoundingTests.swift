import AttestTensor
import Testing

/// Narrowing to bfloat16 rounds to nearest, ties to even, once: from Float
/// against a guard/round/sticky reference, from Double against a by-value
/// reference (`RoundingReferences.swift`), with the classes where rounding
/// goes wrong most often written out by hand.
@Suite("BFloat16 rounding")
struct BFloat16RoundingTests {
    /// Float bits -> expected bfloat16 bits, derived by hand.
    static let floatEdges: [(UInt32, UInt16, String)] = [
        (0x3F80_0000, 0x3F80, "1.0 exact"),
        (0x3F80_8000, 0x3F80, "1 + 2^-8: tie, kept value even -> down"),
        (0x3F81_8000, 0x3F82, "1 + 2^-7 + 2^-8: tie, kept value odd -> up"),
        (0x3F80_8001, 0x3F81, "just above the tie -> up"),
        (0x3F80_7FFF, 0x3F80, "just below the tie -> down"),
        (0xBF81_8000, 0xBF82, "negative tie, odd -> away from zero"),
        (0x3FFF_8000, 0x4000, "1.9921875 + tie: carry into the exponent gives 2.0"),
        (0x7F7F_FFFF, 0x7F80, "largest finite Float -> +infinity (overflow)"),
        (0xFF7F_FFFF, 0xFF80, "most negative finite Float -> -infinity"),
        (0x7F7F_8000, 0x7F80, "tie above bfloat16's largest finite (odd) -> infinity"),
        (0x7F7F_7FFF, 0x7F7F, "just below that tie stays largest finite"),
        (0x0000_0000, 0x0000, "+0"),
        (0x8000_0000, 0x8000, "-0 keeps its sign"),
        (0x0000_0001, 0x0000, "smallest Float subnormal -> +0"),
        (0x8000_0001, 0x8000, "negative tiny subnormal -> -0"),
        (0x0000_8000, 0x0000, "subnormal tie at half the least bfloat16, even -> 0"),
        (0x0001_8000, 0x0002, "subnormal tie, odd -> up"),
        (0x0000_8001, 0x0001, "subnormal above tie -> least bfloat16 subnormal"),
        (0x007F_FFFF, 0x0080, "largest Float subnormal -> smallest normal bfloat16"),
        (0x7F80_0000, 0x7F80, "+infinity"),
        (0xFF80_0000, 0xFF80, "-infinity"),
    ]

    @Test("hand-derived edge classes", arguments: floatEdges.indices)
    func floatEdgeCase(_ n: Int) {
        let (bits, expected, what) = Self.floatEdges[n]
        #expect(guardRoundStickyBFloat16(bits) == expected, "the reference itself: \(what)")
        #expect(BFloat16(Float(bitPattern: bits)).bitPattern == expected, "\(what)")
        #expect(BFloat16(rounding: Double(Float(bitPattern: bits))).bitPattern == expected, "via Double: \(what)")
    }

    @Test("NaN stays NaN, keeps its sign, is quiet, and never becomes infinity",
          arguments: [0x7FC0_0000, 0x7F80_0001, 0x7FA0_0000, 0x7FFF_FFFF, 0xFF80_0001, 0xFFC0_1234] as [UInt32])
    func nan(_ bits: UInt32) {
        let f = Float(bitPattern: bits)
        for (path, r) in [("Float", BFloat16(f)), ("Double", BFloat16(rounding: Double(f)))] {
            #expect(r.isNaN, "\(path) path: 0x\(String(bits, radix: 16)) gave 0x\(String(r.bitPattern, radix: 16))")
            #expect(r.bitPattern >> 15 == UInt16(bits >> 31), "\(path) path keeps the sign of 0x\(String(bits, radix: 16))")
            #expect(r.bitPattern & 0x0040 != 0, "\(path) path gives a quiet NaN for 0x\(String(bits, radix: 16))")
        }
    }

    /// Every high half with the low halves that matter (ties, around ties,
    /// extremes): 655,360 patterns covering every exponent, sign and kept
    /// parity; plus 1,000,000 patterns spread over all 2^32 by an odd stride.
    static func floatSample() -> [UInt32] {
        let lows: [UInt32] = [0x0000, 0x0001, 0x3FFF, 0x4000, 0x7FFF, 0x8000, 0x8001, 0xBFFF, 0xC000, 0xFFFF]
        var sample: [UInt32] = []
        sample.reserveCapacity(65_536 * lows.count + 1_000_000)
        for hi in UInt32(0) ..< 65_536 { for lo in lows { sample.append(hi << 16 | lo) } }
        for k in UInt32(0) ..< 1_000_000 { sample.append(k &* 0x9E37_79B1) }
        return sample
    }

    @Test("Float -> BFloat16 equals the guard/round/sticky reference on 1.66 million patterns")
    func floatSampleMatchesReference() {
        var failures: [String] = []
        var checked = 0
        for bits in Self.floatSample() {
            let r = BFloat16(Float(bitPattern: bits))
            guard let expected = guardRoundStickyBFloat16(bits) else {
                if !r.isNaN { failures.append("NaN 0x\(String(bits, radix: 16)) -> 0x\(String(r.bitPattern, radix: 16))") }
                continue
            }
            checked += 1
            if r.bitPattern != expected {
                failures.append("0x\(String(bits, radix: 16)) -> 0x\(String(r.bitPattern, radix: 16)), expected 0x\(String(expected, radix: 16))")
            }
        }
        #expect(checked > 1_600_000)
        #expect(failures.isEmpty, "\(failures.count) wrong, first: \(failures.prefix(5))")
    }

    @Test("the two references agree on Float inputs (each checks the other)")
    func referencesAgree() {
        var failures: [UInt32] = []
        for k in UInt32(0) ..< 200_000 {
            let bits = k &* 0x9E37_79B1
            let f = Float(bitPattern: bits)
            guard let expected = guardRoundStickyBFloat16(bits) else { continue }
            let byValue = Float(BinaryFormat.bfloat16.round(Double(f)))
            if byValue.bitPattern != UInt32(expected) << 16 { failures.append(bits) }
        }
        #expect(failures.isEmpty, "first disagreements: \(failures.prefix(5))")
    }

    /// Doubles whose correct bfloat16 differs from rounding to Float first
    /// and then to bfloat16 (double rounding), derived by hand.
    static let doubleTraps: [(Double, UInt16, String)] = [
        (1 + 0x1p-8 + 0x1p-30, 0x3F81, "above the tie 1 + 2^-8; via Float it is the tie -> 0x3F80"),
        (-(1 + 0x1p-8 + 0x1p-30), 0xBF81, "negative of the above"),
        (1 + 0x1p-7 + 0x1p-8 - 0x1p-40, 0x3F81, "below an odd tie; via Float it is the tie -> 0x3F82"),
        (0x1p-134 + 0x1p-170, 0x0001, "above half the least subnormal; via Float exactly half -> 0"),
        ((2 - 0x1p-8) * 0x1p127 - 0x1p100, 0x7F7F, "below the overflow tie; via Float the tie -> infinity"),
        ((2 - 0x1p-8) * 0x1p127, 0x7F80, "exactly the overflow tie: odd 0x7F7F rounds up to infinity"),
        (3.5e38, 0x7F80, "beyond Float's range -> infinity"),
        (-1e300, 0xFF80, "far beyond -> -infinity"),
        (1e-300, 0x0000, "far below the least subnormal -> +0"),
        (-1e-300, 0x8000, "-> -0"),
        (-0.0, 0x8000, "-0"),
        (.infinity, 0x7F80, "+infinity"),
    ]

    @Test("Double -> BFloat16 rounds once (cases where going through Float is wrong)", arguments: doubleTraps.indices)
    func doubleTrap(_ n: Int) {
        let (x, expected, what) = Self.doubleTraps[n]
        #expect(BFloat16(rounding: x).bitPattern == expected, "\(what)")
        #expect(BFloat16(x).bitPattern == expected, "init(_: Double): \(what)")
        if x.isFinite {
            #expect(Float(BinaryFormat.bfloat16.round(x)).bitPattern == UInt32(expected) << 16, "the reference itself: \(what)")
        }
    }

    @Test("Double -> BFloat16 equals the by-value reference on 300,000 doubles near bfloat16 ties and across its range")
    func doubleSampleMatchesReference() {
        var rng = SeededGenerator(seed: 0xB_F16)
        var failures: [Double] = []
        func check(_ x: Double) {
            let expected = Float(BinaryFormat.bfloat16.round(x)).bitPattern >> 16
            if BFloat16(rounding: x).bitPattern != UInt16(expected) { failures.append(x) }
        }
        for _ in 0 ..< 100_000 {
            // Any double with an exponent around bfloat16's range (subnormals to overflow).
            let exponent = Int.random(in: -140 ... 130, using: &rng)
            let x = Double(sign: Bool.random(using: &rng) ? .minus : .plus, exponent: exponent,
                           significand: 1 + Double(rng.next() >> 12) * 0x1p-52)
            check(x)
            // The midpoint between a random finite bfloat16 and its successor, and its two neighbours.
            let b = UInt16.random(in: 0 ... 0x7F7E, using: &rng)
            let lo = Double(BFloat16(bitPattern: b).floatValue), hi = Double(BFloat16(bitPattern: b + 1).floatValue)
            let mid = (lo + hi) / 2
            check(mid)
            check(mid.nextUp)
            check(-mid.nextDown)
        }
        #expect(failures.isEmpty, "\(failures.count) wrong, first: \(failures.prefix(5))")
    }
}
