#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one deterministic random source of Attest: SplitMix64 (Steele, Lea and
/// Flood 2014). Generated cases seed it from the FNV-1a hash of the whole case
/// id, so a case id alone fixes every number of its problem on every platform;
/// the fuzzer seeds it directly, so its printed seeds replay the same stream;
/// the tests and `attest bench-stacks` draw their inputs from it too.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Seeded from `text` (FNV-1a, 64-bit).
    public init(hashing text: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        self.init(seed: h)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box–Muller, float64).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1p-60), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Uniform in `range`: `lowerBound + (upperBound - lowerBound) · uniform()`.
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// Uniform integer in `range` (tiny modulo bias is irrelevant here).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A contiguous float64 tensor of `shape` with elements uniform in `range`
    /// (53-bit resolution), drawn in row-major order.
    public mutating func uniform(_ shape: [Int], in range: ClosedRange<Double> = -1 ... 1) -> Tensor<Double> {
        Tensor(shape: shape) { _ in uniform(in: range) }
    }
}
