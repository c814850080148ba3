/// Brain floating point: 1 sign bit, 8 exponent bits (bias 127), 7 fraction bits.
/// The top half of an IEEE binary32, stored as its raw 16 bits.
///
/// - Widening to `Float` is exact: the bits shifted into the top half.
/// - Narrowing from `Float` rounds to nearest, ties to even; overflow rounds to
///   infinity; subnormals round like any other value; NaN stays a (quiet) NaN
///   with its sign.
/// - Narrowing from `Double` rounds once: it first goes to `Float` with
///   round-to-odd (exact enough because binary32 has 16 more fraction bits than
///   bfloat16), then rounds to nearest even.
public struct BFloat16: Sendable, Hashable, CustomStringConvertible {
    public var bitPattern: UInt16

    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// Rounds `value` to nearest, ties to even.
    public init(_ value: Float) {
        let u = value.bitPattern
        if value.isNaN {
            // Keep the sign and the top payload bits, force the quiet bit.
            bitPattern = UInt16(truncatingIfNeeded: u >> 16) | 0x0040
            return
        }
        let lsb = (u >> 16) & 1
        bitPattern = UInt16(truncatingIfNeeded: (u &+ 0x7FFF &+ lsb) >> 16)
    }

    /// Rounds `value` to nearest, ties to even, with a single rounding.
    public init(_ value: Double) {
        guard value.isFinite else {
            self.init(Float(value))
            return
        }
        var f = Float(value)
        if f.isFinite, Double(f) != value {
            // Round to odd: take the binary32 neighbour towards zero, set its last bit.
            var bits = f.bitPattern
            if abs(Double(f)) > abs(value) { bits -= 1 }
            f = Float(bitPattern: bits | 1)
        }
        self.init(f)
    }

    /// The exact value as a `Float`.
    public var floatValue: Float { Float(bitPattern: UInt32(bitPattern) << 16) }

    public var isNaN: Bool { floatValue.isNaN }
    public var isFinite: Bool { floatValue.isFinite }

    public var description: String { floatValue.description }

    public static let infinity = BFloat16(bitPattern: 0x7F80)
    public static let greatestFiniteMagnitude = BFloat16(bitPattern: 0x7F7F)
    public static let leastNonzeroMagnitude = BFloat16(bitPattern: 0x0001)
}

extension BFloat16: TensorElement {
    public static var dtype: DType { .bfloat16 }
    public init(rounding value: Double) { self.init(value) }
    public var doubleValue: Double { Double(floatValue) }
}
