import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing

/// Sizes of one test problem (legend of `AttentionDims`).
struct Shape: CustomStringConvertible, Sendable {
    var b = 1, sq = 8, skv = 8, hq = 4, hkv = 4, d = 4, dv = 4
    var dims: AttentionDims { AttentionDims(batch: b, queryLength: sq, keyLength: skv, queryHeads: hq, keyValueHeads: hkv, headDim: d, valueDim: dv) }
    var description: String { dims.description }
}

/// Random q, k, v of `shape` in `dtype` (`AttentionArguments.random`: uniform [-1, 1), rounded once).
func randomArguments(_ shape: Shape, dtype: DType = .float64, seed: UInt64 = 1) -> AttentionArguments {
    .random(shape.dims, dtype: dtype, seed: seed)
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
