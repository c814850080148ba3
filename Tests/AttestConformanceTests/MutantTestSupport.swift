import AttestConformance
import AttestCore
import AttestReference
import AttestTensor

/// One attention problem for the mutant tests: sizes, element type, the range
/// of the random q, k, v values, and the features it switches on.
struct MutantProblem: Sendable, CustomStringConvertible {
    var label: String
    var batch = 2, queryLength = 8, keyLength = 8, queryHeads = 2, keyValueHeads = 2, headDim = 8, valueDim = 8
    var dtype = DType.float64
    var values: ClosedRange<Double> = -2 ... 2
    /// Whether the output has an lse buffer.
    var withLSE = true
    /// Values written into k's storage right after its last element (k is
    /// then a view of a longer buffer); nil for an exactly sized k.
    var afterKeys: Double? = nil
    var configure: @Sendable (inout AttentionArguments) -> Void = { _ in }

    init(_ label: String, _ edit: (inout MutantProblem) -> Void = { _ in }) {
        self.label = label
        edit(&self)
    }

    var description: String { label }

    var dims: AttentionDims {
        AttentionDims(batch: batch, queryLength: queryLength, keyLength: keyLength, queryHeads: queryHeads,
                      keyValueHeads: keyValueHeads, headDim: headDim, valueDim: valueDim)
    }

    /// The arguments, with q, k, v drawn from a fixed seed.
    func arguments() -> AttentionArguments {
        var rng = SeededGenerator(seed: 0x5EED)
        let d = dims
        let q = rng.uniform(d.queryShape, in: values), v = rng.uniform(d.valueShape, in: values)
        var k = rng.uniform(d.keyShape, in: values)
        if let afterKeys {
            let storage = TensorStorage(k.scalars + Array(repeating: afterKeys, count: d.keyValueHeads * d.headDim))
            k = Tensor(storage: storage, shape: d.keyShape, strides: Tensor<Double>.contiguousStrides(for: d.keyShape))
        }
        func typed(_ t: Tensor<Double>) -> AnyTensor {
            dtype == .float64 ? .float64(t) : AnyTensor.converting(t, to: dtype)
        }
        var args = AttentionArguments(q: typed(q), k: dtype == .float64 ? .float64(k) : typed(k), v: typed(v))
        configure(&args)
        return args
    }

    /// Runs `kernel` into fresh NaN-filled buffers (o in the element type, lse in float64).
    func run(_ kernel: any AttentionKernel) throws -> AttentionOutput {
        let args = arguments()
        try args.validate()
        let output = AttentionOutput.allocate(dims, dtype: dtype, lseDType: withLSE ? .float64 : nil)
        try kernel.forward(args, into: output)
        return output
    }
}

extension AttentionOutput {
    /// How far apart two outputs are: infinity when their NaN or infinity
    /// patterns differ (an unwritten NaN element, an overflow), else the largest
    /// absolute difference over o and lse, in float64.
    func distance(to b: AttentionOutput) -> Double {
        let a = self
        func tensorDistance(_ x: AnyTensor, _ y: AnyTensor) -> Double {
            var worst = 0.0
            Tensor<Double>.forEachIndex(in: x.shape) { index in
                let p = x.double(at: index), q = y.double(at: index)
                if p.isNaN || q.isNaN {
                    if p.isNaN != q.isNaN { worst = .infinity }
                } else if p.isInfinite || q.isInfinite {
                    if p != q { worst = .infinity }
                } else {
                    worst = max(worst, abs(p - q))
                }
            }
            return worst
        }
        var worst = tensorDistance(a.o, b.o)
        if let la = a.lse, let lb = b.lse { worst = max(worst, tensorDistance(la, lb)) }
        return worst
    }
}
