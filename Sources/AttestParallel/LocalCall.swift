import AttestCore
import AttestTensor

/// Builders for the calls a preamble makes to its core on one rank.
enum LocalCall {
    /// A call of the shapes `dims` carrying the same features as `args`, made of
    /// broadcast placeholder tensors (no data): what `support(for:)` asks the
    /// core about. `headOffset` is the first global query head of the shard
    /// (ALiBi slopes and per-head mask and bias axes are sliced from it).
    static func placeholder(_ args: AttentionArguments, dims: AttentionDims, headOffset: Int,
                            mask: AttentionMask? = nil, bias: Bool? = nil) -> AttentionArguments {
        var mask = mask ?? args.mask
        if let boolean = mask.boolean {
            let shape = [boolean.shape[0], boolean.shape[1] == 1 ? 1 : dims.queryHeads, dims.queryLength, dims.keyLength]
            mask.boolean = broadcast(Tensor(shape: [1, 1, 1, 1], repeating: true), shape)
        }
        var biasTensor: AnyTensor? = nil
        if bias ?? (args.bias != nil) {
            let b = args.bias?.shape[0] ?? dims.batch, h = args.bias.map { $0.shape[1] == 1 ? 1 : dims.queryHeads } ?? dims.queryHeads
            biasTensor = AnyTensor(broadcast(Tensor<Double>(shape: [1, 1, 1, 1], repeating: 0), [b, h, dims.queryLength, dims.keyLength]))
        }
        return AttentionArguments(
            q: broadcast(zero(args.dtype), dims.queryShape),
            k: broadcast(zero(args.dtype), dims.keyShape),
            v: broadcast(zero(args.dtype), dims.valueShape),
            scale: args.scale, softcap: args.softcap, mask: mask, bias: biasTensor,
            alibiSlopes: bias == nil ? args.alibiSlopes.map { Array($0[headOffset ..< headOffset + dims.queryHeads]) } : nil)
    }

    private static func zero(_ dtype: DType) -> AnyTensor { .filled(dtype, shape: [1, 1, 1, 1], value: 0) }

    private static func broadcast<E>(_ t: Tensor<E>, _ shape: [Int]) -> Tensor<E> {
        Tensor(storage: t.storage, shape: shape, strides: Array(repeating: 0, count: shape.count))
    }

    private static func broadcast(_ t: AnyTensor, _ shape: [Int]) -> AnyTensor {
        switch t {
        case let .float64(x): .float64(broadcast(x, shape))
        case let .float32(x): .float32(broadcast(x, shape))
        case let .float16(x): .float16(broadcast(x, shape))
        case let .bfloat16(x): .bfloat16(broadcast(x, shape))
        }
    }

    /// Buffers for a core's output on one rank, filled with NaN so an element
    /// the core leaves unwritten shows.
    static func buffers(_ dims: AttentionDims, outputType: DType, lseType: DType?) -> AttentionOutput {
        AttentionOutput.allocate(dims, dtype: outputType, lseDType: lseType, fill: .nan)
    }

    /// `x` with every head repeated `factor` times adjacently along axis 2
    /// (`repeat_interleave(factor, dim=heads)`): `[B, S, H, X] → [B, S, H·factor, X]`.
    static func repeatHeads(_ x: AnyTensor, _ factor: Int) throws -> AnyTensor {
        guard factor > 1 else { return x }
        let s = x.shape
        return try x.unsqueeze(axis: 3).expand(to: [s[0], s[1], s[2], factor, s[3]]).reshape([s[0], s[1], s[2] * factor, s[3]]).copy()
    }
}
