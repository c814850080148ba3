import AttestTensor

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator whose stream
/// is fixed by its seed on every platform, so a seed printed by a failing
/// search reproduces the same problem anywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A contiguous float64 tensor of `shape` with elements uniform in `range`
    /// (53-bit resolution), drawn in row-major order.
    public mutating func uniform(_ shape: [Int], in range: ClosedRange<Double> = -1 ... 1) -> Tensor<Double> {
        Tensor(shape: shape) { _ in
            range.lowerBound + (range.upperBound - range.lowerBound) * Double(next() >> 11) * 0x1p-53
        }
    }
}
