import AttestCore
import AttestReference
import AttestTensor
import Testing

/// A deterministic pseudo-random stream (SplitMix64): the same seed gives the
/// same tensors on every run and machine.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 52) - 1 }
}

/// Sizes of one test problem (legend of `AttentionDims`).
struct Shape: CustomStringConvertible, Sendable {
    var b = 1, sq = 8, skv = 8, hq = 4, hkv = 4, d = 4, dv = 4
    var dims: AttentionDims { AttentionDims(batch: b, queryLength: sq, keyLength: skv, queryHeads: hq, keyValueHeads: hkv, headDim: d, valueDim: dv) }
    var description: String { dims.description }
}

/// Random q, k, v of `shape` in `dtype` (values rounded once from uniform [-1, 1)).
func randomArguments(_ shape: Shape, dtype: DType = .float64, seed: UInt64 = 1) -> AttentionArguments {
    var rng = SplitMix64(seed: seed)
    func tensor(_ s: [Int]) -> AnyTensor {
        AnyTensor.converting(Tensor<Double>(shape: s) { _ in rng.uniform() }, to: dtype)
    }
    let d = shape.dims
    return AttentionArguments(q: tensor(d.queryShape), k: tensor(d.keyShape), v: tensor(d.valueShape))
}

/// The float64 reference on the whole call (the oracle: independent of the preambles).
func referenceOutput(_ args: AttentionArguments) throws -> AttentionOutput {
    try ReferenceAttention()(args)
}

/// Runs `kernel` into fresh NaN-filled buffers (o in the input type, lse float64 or none).
func run(_ kernel: any AttentionKernel, _ args: AttentionArguments, lse: Bool = true) throws -> AttentionOutput {
    let out = AttentionOutput.allocate(args.dims, dtype: args.dtype, lseDType: lse ? .float64 : nil)
    try kernel.forward(args, into: out)
    return out
}

/// Exact equality of two outputs, bit for bit (NaN patterns included), naming
/// the case and the first differing element.
func expectBitEqual(_ a: AttentionOutput, _ b: AttentionOutput, _ name: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.o.shape == b.o.shape, "\(name): o shapes \(a.o.shape) vs \(b.o.shape)", sourceLocation: sourceLocation)
    let pairs: [(String, AnyTensor?, AnyTensor?)] = [("o", a.o, b.o), ("lse", a.lse, b.lse)]
    for (label, x, y) in pairs {
        guard let x, let y else {
            #expect((x == nil) == (y == nil), "\(name): \(label) present in one output only", sourceLocation: sourceLocation)
            continue
        }
        let xs = x.widened().scalars, ys = y.widened().scalars
        if let i = xs.indices.first(where: { xs[$0].bitPattern != ys[$0].bitPattern }) {
            Issue.record("\(name): \(label) differs at flat index \(i): \(xs[i]) vs \(ys[i])", sourceLocation: sourceLocation)
        }
    }
}

/// The one tolerance of these tests, for float64 inputs: a ring merges P
/// block results in float64, so it differs from the single-pass reference by a
/// few ulps per merge; 1e-12 · (1 + |expected|) leaves three orders of margin
/// and still fails any wrong block, mask or weight (errors of order 1e-2).
let float64Tolerance = 1e-12

/// For float32 inputs: the stack's o is rounded once to float32 (relative
/// error <= 2^-24 ≈ 6e-8) and its ring blocks are float32 too; 1e-6 leaves a
/// margin of ten roundings.
let float32Tolerance = 1e-6

/// Agreement within `tolerance` (`float64Tolerance` for float64 inputs; a
/// float32 case passes its own, stated where it is used), with -inf required exactly.
func expectClose(_ actual: AttentionOutput, _ expected: AttentionOutput, _ name: String,
                 tolerance: Double = float64Tolerance, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.o.shape == expected.o.shape, "\(name): o shapes \(actual.o.shape) vs \(expected.o.shape)", sourceLocation: sourceLocation)
    let pairs: [(String, AnyTensor?, AnyTensor?)] = [("o", actual.o, expected.o), ("lse", actual.lse, expected.lse)]
    for (label, x, y) in pairs {
        guard let x, let y else { continue }
        let xs = x.widened().scalars, ys = y.widened().scalars
        for i in xs.indices {
            let ok = xs[i] == ys[i] || (xs[i].isFinite && ys[i].isFinite && abs(xs[i] - ys[i]) <= tolerance * (1 + abs(ys[i])))
            if !ok {
                Issue.record("\(name): \(label) at flat index \(i): got \(xs[i]), expected \(ys[i])", sourceLocation: sourceLocation)
                return
            }
        }
    }
}

/// The reference with some features removed from its declaration, to test
/// what preambles require of their cores.
struct RestrictedReference: AttentionKernel {
    var removed: Set<AttentionFeature>
    var name: String { "reference-without-\(removed.map(\.rawValue).sorted().joined(separator: "-"))" }
    var capabilities: KernelCapabilities {
        var c = KernelCapabilities.complete
        c.features.subtract(removed)
        return c
    }
    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try ReferenceAttention().forward(args, into: output)
    }
}
