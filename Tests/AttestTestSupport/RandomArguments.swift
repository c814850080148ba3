import AttestCore
import AttestTensor

extension SeededGenerator {
    /// True with probability `p` (`uniform() < p`).
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// A contiguous tensor of `shape` in `dtype`: elements uniform in `values`
    /// drawn in float64 in row-major order, then rounded once to `dtype`.
    public mutating func uniform(_ shape: [Int], _ dtype: DType, in values: ClosedRange<Double> = -1 ... 1) -> AnyTensor {
        let t = uniform(shape, in: values)
        return dtype == .float64 ? .float64(t) : .converting(t, to: dtype)
    }
}

extension AttentionArguments {
    /// q, k, v of `dims` drawn in that order from `rng`, elements uniform in
    /// `values` (then rounded once to `dtype`); no mask, no options.
    public static func random(_ dims: AttentionDims, dtype: DType = .float64, using rng: inout SeededGenerator,
                              values: ClosedRange<Double> = -1 ... 1) -> AttentionArguments {
        let q = rng.uniform(dims.queryShape, dtype, in: values)
        let k = rng.uniform(dims.keyShape, dtype, in: values)
        let v = rng.uniform(dims.valueShape, dtype, in: values)
        return AttentionArguments(q: q, k: k, v: v)
    }

    /// `random(_:dtype:using:values:)` from `SeededGenerator(seed:)`: the same
    /// seed gives the same call on every run and machine.
    public static func random(_ dims: AttentionDims, dtype: DType = .float64, seed: UInt64,
                              values: ClosedRange<Double> = -1 ... 1) -> AttentionArguments {
        var rng = SeededGenerator(seed: seed)
        return random(dims, dtype: dtype, using: &rng, values: values)
    }
}
