import AttestTensor
import Foundation

/// The type attention accumulates in: `Float` for float32, float16 and
/// bfloat16 inputs, `Double` for float64 inputs. Every dot product, running
/// max, exponential, running sum and weighted sum of a shipped kernel, and of
/// the tolerance policy's baseline, happens in this type; inputs are widened
/// to it once (exactly: every input element type widens exactly to its
/// accumulation type) and outputs are rounded once from it.
///
/// Exponentials: `exponential` is the kernels' (Double: the C library's
/// `exp`; Float: `Float.fastExp`, relative error < 1.5·2^-24, vectorizable);
/// `libraryExponential` is the C library's `exp` for both (the baseline's).
/// `logarithm` and `hyperbolicTangent` are the C library's `log` and `tanh`.
public protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Sendable {
    /// The SIMD vector the kernels' tile loops use: one or two AVX registers.
    associatedtype Vector: SIMD where Vector.Scalar == Self
    /// `e^x`: `Float.fastExp` for Float, the C library's `exp` for Double.
    static func exponential(_ x: Self) -> Self
    /// `e^x` from the C library's `exp`.
    static func libraryExponential(_ x: Self) -> Self
    /// Natural logarithm (the C library's `log`).
    static func logarithm(_ x: Self) -> Self
    /// Hyperbolic tangent (the C library's `tanh`).
    static func hyperbolicTangent(_ x: Self) -> Self
}

extension Float: KernelScalar {
    public typealias Vector = SIMD16<Float>
    @inlinable @inline(__always) public static func exponential(_ x: Float) -> Float { fastExp(x) }
    @inlinable @inline(__always) public static func libraryExponential(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable @inline(__always) public static func logarithm(_ x: Float) -> Float { Foundation.log(x) }
    @inlinable @inline(__always) public static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanh(x) }
}

extension Double: KernelScalar {
    public typealias Vector = SIMD8<Double>
    @inlinable @inline(__always) public static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable @inline(__always) public static func libraryExponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable @inline(__always) public static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable @inline(__always) public static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
}

extension Float {
    /// `e^x` in Float without a library call, branch-free so loops over it vectorize.
    ///
    /// Cody-Waite reduction `x = n·ln2 + r`, |r| <= ln2/2, with ln2 split into
    /// a head of 15 significant bits and a tail (so n·ln2_hi is exact for |n| <= 2^8), the Cephes `expf`
    /// degree-7 minimax polynomial for e^r, and 2^n assembled in the exponent
    /// bits (n taken from the round-to-nearest "magic number" 1.5·2^23).
    /// Relative error < 1.5·2^-24 wherever the result is a normal float
    /// (measured against float64 `exp` on a scan of [-88, 88]);
    /// x < -87.33654 (results below 2^-126) gives 0, -inf gives 0,
    /// x > 88.7228 gives +inf, NaN gives NaN.
    @inlinable @inline(__always)
    public static func fastExp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.33654), 88.72283)
        let t = clamped * 1.442_695_040_888_963_4 + 12_582_912 // 1.5·2^23: rounds to an integer
        let n = t - 12_582_912
        let r = (clamped - n * 0.693_145_751_953_125) - n * 1.428_606_765_330_187_045e-6
        var p: Float = 1.987_569_150_0e-4
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        p = p * r * r + r + 1
        let exponent = t.bitPattern &- 0x4B40_0000 // n as two's complement bits
        // 2^n; n = 128 (x > 88.3763) would hit the infinity encoding, so it uses 2·2^127.
        let y = n > 127 ? (p + p) * Float(bitPattern: (exponent &+ 126) &<< 23)
                        : p * Float(bitPattern: (exponent &+ 127) &<< 23)
        return x != x ? x : (x < -87.33654 ? 0 : (x > 88.72283 ? .infinity : y))
    }
}

extension DType {
    /// The element type of the accumulation type of a call of this element
    /// type: float64 for float64, float32 for float32, float16 and bfloat16.
    public var accumulationType: DType { self == .float64 ? .float64 : .float32 }
}
