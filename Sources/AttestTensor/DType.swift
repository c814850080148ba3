/// The element types Attest tensors hold. Raw values (`float32`) are the
/// names of the fixture schema and of Swift-facing text; `shortName` (`f32`)
/// is the one spelling of a report folder: case ids, tags, NOT_SUPPORTED
/// reasons, the certificate's declared dtypes, and `attest list`.
public enum DType: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case float64, float32, float16, bfloat16

    /// Size of one element in bytes.
    public var byteWidth: Int {
        switch self {
        case .float64: 8
        case .float32: 4
        case .float16, .bfloat16: 2
        }
    }

    /// The short name used in case ids: `f64`, `f32`, `f16`, `bf16`.
    public var shortName: String {
        switch self {
        case .float64: "f64"
        case .float32: "f32"
        case .float16: "f16"
        case .bfloat16: "bf16"
        }
    }

    /// Parses either the full name (`float16`) or the short name (`f16`).
    public init?(name: String) {
        if let d = DType(rawValue: name) { self = d; return }
        guard let d = DType.allCases.first(where: { $0.shortName == name }) else { return nil }
        self = d
    }

    public var description: String { rawValue }

    /// Unit roundoff `2^-p` for a significand of p bits: half the distance
    /// from 1 to the next value (f64 2^-53, f32 2^-24, f16 2^-11, bf16 2^-8).
    public var unitRoundoff: Double {
        switch self {
        case .float64: 0x1p-53
        case .float32: 0x1p-24
        case .float16: 0x1p-11
        case .bfloat16: 0x1p-8
        }
    }

    /// The smallest positive (subnormal) value, widened to `Double`.
    public var leastNonzeroMagnitude: Double {
        switch self {
        case .float64: Double.leastNonzeroMagnitude
        case .float32: Double(Float.leastNonzeroMagnitude)
        case .float16: Double(Float16.leastNonzeroMagnitude)
        case .bfloat16: BFloat16.leastNonzeroMagnitude.doubleValue
        }
    }
}

/// A floating-point element a `Tensor` can hold and Attest can compute with.
///
/// Every conversion goes through `Double`: widening (`doubleValue`) is exact for
/// all four types, and `init(rounding:)` rounds once, to nearest, ties to even.
/// So converting between any two element types rounds exactly once.
public protocol TensorElement: Sendable, Hashable {
    static var dtype: DType { get }
    /// Rounds `value` to the nearest representable value, ties to even;
    /// overflow gives infinity, NaN stays NaN.
    init(rounding value: Double)
    /// The exact value as a `Double`.
    var doubleValue: Double { get }
}

extension Double: TensorElement {
    public static var dtype: DType { .float64 }
    @inlinable public init(rounding value: Double) { self = value }
    @inlinable public var doubleValue: Double { self }
}

extension Float: TensorElement {
    public static var dtype: DType { .float32 }
    @inlinable public init(rounding value: Double) { self = Float(value) }
    @inlinable public var doubleValue: Double { Double(self) }
}

extension Float16: TensorElement {
    public static var dtype: DType { .float16 }
    /// Rounds directly from `Double` (one rounding, `__truncdfhf2` semantics).
    @inlinable public init(rounding value: Double) { self = Float16(value) }
    @inlinable public var doubleValue: Double { Double(self) }
}
