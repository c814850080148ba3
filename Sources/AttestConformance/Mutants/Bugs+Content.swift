import AttestCore
import AttestTensor

// Bugs of issue 12's content families (`docs/coverage.md`): what hidden slots
// hold, many packed sequences, GQA breadth, layouts at realistic head sizes.

/// P·V as one product over every key (`o = P · V`), hidden keys included
/// with their weight 0: harmless while hidden values are finite, NaN as soon
/// as one holds NaN or ±inf (0 · NaN = NaN, 0 · inf = NaN).
struct HiddenValuesSummed: AttentionSteps {
    func sumsValue(weight p: Double) -> Bool { true }
}

/// The packed sequence of query i found by a binary search over
/// `cu_seqlens_q` unrolled to a fixed depth of 3 (a kernel written for at
/// most 8 sequences): the last s with `queryOffsets[s] <= i`, exact for up to
/// 8 sequences (zero-length ones included), up to several sequences short
/// beyond. The query then reads the keys of that wrong sequence.
struct PackedSearchDepth3: AttentionSteps {
    func segment(batch b: Int, query i: Int, args: AttentionArguments) -> QuerySegment? {
        guard let packed = args.mask.packed, var segment = args.mask.segment(batch: b, query: i, dims: args.dims) else {
            return args.mask.segment(batch: b, query: i, dims: args.dims)
        }
        var lo = 0, hi = packed.count
        for _ in 0 ..< 3 where hi - lo > 1 {
            let mid = (lo + hi) / 2
            if packed.queryOffsets[mid] <= i { lo = mid } else { hi = mid }
        }
        segment.localQuery = i - packed.queryOffsets[lo]
        segment.queryCount = packed.queryOffsets[lo + 1] - packed.queryOffsets[lo]
        segment.keyStart = packed.keyOffsets[lo]
        segment.keyCount = packed.keyOffsets[lo + 1] - packed.keyOffsets[lo]
        return segment
    }
}

/// The grouped path (Hq > Hkv) computes the kv head of query head h as
/// `(h / (Hq/Hkv)) % 8`: a head index kept in 3 bits (a GQA path written for
/// at most 8 kv heads); MHA (h itself) is right. Right while Hkv <= 8.
struct GroupedQueryModulo8: AttentionSteps {
    func keyValueHead(forQueryHead h: Int, dims: AttentionDims) -> Int {
        dims.groupSize > 1 ? (h / dims.groupSize) % 8 : h
    }
}

/// The path for heads wider than 64 elements loads a head at `h · D`
/// elements after its token (heads packed inside a token row, as in a
/// contiguous or fused-QKV buffer) instead of `h · stride_h`: wrong for
/// permuted, padded and stride-0 head axes, only when D > 64. A position past
/// the storage reads NaN.
struct WideHeadPackedOffset: AttentionSteps {
    func loaded(_ t: AnyTensor) -> [Double] {
        let shape = t.shape, s = t.strides
        guard shape[3] > 64 else { return t.widened().scalars }
        let packedHeads = [s[0], s[1], shape[3] * s[3], s[3]]
        var out: [Double] = []
        out.reserveCapacity(t.count)
        Tensor<Double>.forEachIndex(in: shape) { i in out.append(t.storageValue(at: i, strides: packedHeads) ?? .nan) }
        return out
    }
}
