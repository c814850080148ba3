import AttestTensor
import Testing

/// Widening bfloat16 is exact for every one of the 65,536 bit patterns: the
/// value is the binary32 whose top half is the pattern and whose low half is 0.
@Suite("BFloat16 widening (exhaustive)")
struct BFloat16WideningTests {
    @Test("all 65,536 patterns widen to Float(bitPattern: b << 16), bit for bit")
    func wideningIsExact() {
        var failures: [UInt16] = []
        for b in UInt16.min ... UInt16.max {
            let expected = Float(bitPattern: UInt32(b) << 16)
            let x = BFloat16(bitPattern: b)
            var ok = x.floatValue.bitPattern == expected.bitPattern
            ok = ok && x.isNaN == expected.isNaN && x.isFinite == expected.isFinite
            if expected.isNaN {
                ok = ok && x.doubleValue.isNaN && x.doubleValue.sign == expected.sign
            } else {
                ok = ok && x.doubleValue.bitPattern == Double(expected).bitPattern // exact, signed zeros kept
            }
            if !ok { failures.append(b) }
        }
        #expect(failures.isEmpty, "patterns that widen wrongly: \(failures.prefix(10).map { "0x" + String($0, radix: 16) })")
    }

    @Test("narrowing a widened value gives the same pattern back (NaNs stay NaN with their sign)")
    func roundTrip() {
        var failures: [UInt16] = []
        for b in UInt16.min ... UInt16.max {
            let wide = Float(bitPattern: UInt32(b) << 16)
            let viaFloat = BFloat16(wide), viaDouble = BFloat16(rounding: Double(wide))
            let ok = wide.isNaN
                ? viaFloat.isNaN && viaDouble.isNaN && viaFloat.bitPattern >> 15 == b >> 15 && viaDouble.bitPattern >> 15 == b >> 15
                : viaFloat.bitPattern == b && viaDouble.bitPattern == b
            if !ok { failures.append(b) }
        }
        #expect(failures.isEmpty, "patterns that do not round-trip: \(failures.prefix(10).map { "0x" + String($0, radix: 16) })")
    }

    @Test("named constants")
    func constants() {
        #expect(BFloat16.infinity.floatValue == .infinity)
        #expect(BFloat16.greatestFiniteMagnitude.floatValue == Float(sign: .plus, exponent: 127, significand: 2 - 0x1p-7))
        #expect(BFloat16.leastNonzeroMagnitude.floatValue == 0x1p-133)
        #expect(BFloat16.dtype == .bfloat16 && BFloat16(bitPattern: 0x3FC0).description == "1.5")
    }
}
