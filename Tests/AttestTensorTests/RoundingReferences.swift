/// Two rounding references written independently of `AttestTensor`, used to
/// check its conversions. Neither shares code or tricks with the library.

/// Float → bfloat16 at the bit level, IEEE 754 round to nearest, ties to even,
/// by explicit guard, round and sticky bits.
///
/// A binary32 is sign(1) | exponent(8) | fraction(23); bfloat16 keeps sign,
/// exponent and the top 7 fraction bits, so it drops the low 16 bits:
/// the guard bit (bit 15, worth half a bfloat16 ulp), the round bit (bit 14)
/// and 14 bits OR-ed into the sticky bit. Round up iff guard is set and
/// (round or sticky is set, or the kept value is odd). A carry out of the
/// fraction moves into the exponent, which is right for subnormals becoming
/// normal and for the largest finite values becoming infinity (0x7F80).
/// Returns nil for NaN inputs (their result is only required to be a NaN).
func guardRoundStickyBFloat16(_ u: UInt32) -> UInt16? {
    let sign = UInt16(truncatingIfNeeded: u >> 31) << 15
    let exponent = (u >> 23) & 0xFF
    let fraction = u & 0x7F_FFFF
    if exponent == 0xFF { return fraction == 0 ? sign | 0x7F80 : nil }
    let kept = UInt16(truncatingIfNeeded: (u >> 16) & 0x7FFF)
    let guardBit = (u >> 15) & 1
    let roundBit = (u >> 14) & 1
    let sticky = (u & 0x3FFF) != 0
    let roundUp = guardBit == 1 && (roundBit == 1 || sticky || kept & 1 == 1)
    return sign | (kept + (roundUp ? 1 : 0))
}

/// A binary floating-point format with a hidden bit: `fractionBits` stored
/// fraction bits, normal exponents `minExponent ... maxExponent`, subnormals
/// below (bfloat16: 7, -126, 127; binary16: 10, -14, 15).
struct BinaryFormat: Sendable {
    var fractionBits: Int
    var minExponent: Int
    var maxExponent: Int

    static let bfloat16 = BinaryFormat(fractionBits: 7, minExponent: -126, maxExponent: 127)
    static let binary16 = BinaryFormat(fractionBits: 10, minExponent: -14, maxExponent: 15)

    var greatestFinite: Double { (2 - pow2(-fractionBits)) * pow2(maxExponent) }

    /// `x` rounded to this format, to nearest, ties to even, as a `Double`
    /// (±infinity on overflow, a signed zero on underflow), by value: the
    /// quantum (ulp) of x's binade is `2^(max(e, minExponent) - fractionBits)`;
    /// `x / quantum` is exact (a power-of-two scaling), its integer part and
    /// remainder are exact, and the remainder against 1/2 decides. IEEE 754
    /// overflow: the rounded value (unbounded exponent) exceeds the largest
    /// finite one.
    func round(_ x: Double) -> Double {
        precondition(x.isFinite, "round(_:) takes finite values")
        let a = abs(x)
        guard a != 0 else { return x }
        let quantumExponent = max(Int(a.exponent), minExponent) - fractionBits
        let q = a * pow2(-quantumExponent)
        let n = q.rounded(.down)
        let remainder = q - n
        let up = remainder > 0.5 || (remainder == 0.5 && n.truncatingRemainder(dividingBy: 2) == 1)
        var result = (n + (up ? 1 : 0)) * pow2(quantumExponent)
        if result > greatestFinite { result = .infinity }
        return x.sign == .minus ? -result : result
    }
}
