import AttestCore
import AttestKernels
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing

/// The fast golden computes the reference's function: on every case of the
/// kernels' matrix (every mask kind and feature, fully masked rows, strided
/// layouts) and on random feature combinations, in every input element type,
/// `BLASGolden` agrees with `ReferenceAttention` within 1e-12 relative
/// (`expectAgreesWithReference`), with one and with two workers.
@Suite("BLASGolden: the fast float64 golden")
struct BLASGoldenTests {
    static let dtypes: [DType] = [.float64, .float32, .float16, .bfloat16]

    @Test("agrees with the reference on the matrix", arguments: KernelCase.matrix, dtypes)
    func matrix(_ kase: KernelCase, _ dtype: DType) throws {
        try expectAgreesWithReference(kase.arguments(dtype), "\(kase.name) \(dtype)")
    }

    @Test("agrees with the reference on random feature combinations", arguments: Array(UInt64(1) ... 40), dtypes)
    func random(_ seed: UInt64, _ dtype: DType) throws {
        try expectAgreesWithReference(KernelCase.random(seed: seed).arguments(dtype), "random seed \(seed) \(dtype)")
    }

    @Test("the worker count does not change the bits")
    func workers() throws {
        let kase = try #require(KernelCase.matrix.first { $0.name == "everything" })
        let args = kase.arguments(.float32)
        let one = try BLASGolden.compute(args, workers: 1), three = try BLASGolden.compute(args, workers: 3)
        expectBitIdentical(.float64(one.o), .float64(three.o), "o, 1 against 3 workers")
        expectBitIdentical(.float64(one.lse), .float64(three.lse), "lse, 1 against 3 workers")
    }

    @Test("a wrong call is a clear error, not a trap")
    func badCall() {
        let q = AnyTensor(Tensor<Double>(shape: [1, 4, 2, 8], repeating: 0))
        let k = AnyTensor(Tensor<Double>(shape: [1, 4, 3, 8], repeating: 0)) // 3 kv heads do not divide 2 query heads
        #expect(throws: AttestError.self) { try BLASGolden.compute(AttentionArguments(q: q, k: k, v: k)) }
    }
}

/// Expects `BLASGolden` (with 1 and 2 workers) to agree with the literal
/// reference on `args`: the same NaN and ±inf pattern in o and lse, and
///
///     |o_fast − o_ref| <= 1e-12 · max|v|                  (o is a convex combination of v rows: max|v| is its scale)
///     |lse_fast − lse_ref| <= 1e-12 · max(1, |lse_ref|)
///
/// Both are float64 computations of one function; they differ only in
/// summation order and in one division, a few units of 2^-53 ≈ 1.1e-16 times
/// these scales, far inside 1e-12 (and a wrong rule is off by far more).
func expectAgreesWithReference(_ args: AttentionArguments, _ what: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
    let reference = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
    try ReferenceAttention().forward(args, into: reference)
    let (refO, refLSE) = (reference.o.widened(), reference.lse!.widened())
    let vScale = max(args.v.widened().scalars.filter(\.isFinite).map(abs).max() ?? 0, .leastNormalMagnitude)
    for workers in [1, 2] {
        let (o, lse) = try BLASGolden.compute(args, workers: workers)
        var failures: [String] = []
        func compare(_ name: String, _ got: [Double], _ want: [Double], scale: (Double) -> Double) {
            for (n, (x, y)) in zip(got, want).enumerated() {
                let same = x.isNaN ? y.isNaN : (x.isInfinite || y.isInfinite ? x == y : abs(x - y) <= 1e-12 * scale(y))
                if !same { failures.append("\(name)[\(n)] = \(x), reference \(y)") }
            }
        }
        compare("o", o.scalars, refO.scalars) { _ in vScale }
        compare("lse", lse.scalars, refLSE.scalars) { max(1, abs($0)) }
        #expect(failures.isEmpty, "\(what) \(args.dims), \(workers) workers: \(failures.count) disagreements, first \(failures.prefix(3))",
                sourceLocation: sourceLocation)
    }
}
