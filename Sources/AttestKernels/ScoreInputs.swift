import AttestCore
import AttestTensor

/// The additive bias and boolean mask rows a kernel needs for a block of
/// query rows, gathered into contiguous buffers laid out like its score block.
enum ScoreInputs {
    /// The copy axes of a `[Bb|Bm, Hb|Hm, Sq, Skv]` tensor (bias or mask) for
    /// batch `b`, query heads `heads` (one head or a GQA group), queries
    /// `queries` and keys `keys`, into a destination laid out
    /// `[query][head][key]` with row length `rowLength` (heads of a query
    /// adjacent). Size-1 batch or head axes broadcast (stride 0).
    static func axes(shape: [Int], strides: [Int], batch b: Int, heads: Range<Int>, queries: Range<Int>,
                     keys: Range<Int>, rowLength: Int) -> (axes: [CopyAxis], offset: Int) {
        let bStride = shape[0] == 1 ? 0 : strides[0]
        let hStride = shape[1] == 1 ? 0 : strides[1]
        let offset = b * bStride + heads.lowerBound * hStride + queries.lowerBound * strides[2]
            + keys.lowerBound * strides[3]
        let axes = [
            CopyAxis(count: queries.count, source: strides[2], destination: heads.count * rowLength),
            CopyAxis(count: heads.count, source: hStride, destination: rowLength),
            CopyAxis(count: keys.count, source: strides[3], destination: 1),
        ]
        return (axes, offset)
    }

    /// Gathers `bias[b, heads, queries, keys]` widened to `S` (see `axes`).
    static func gatherBias<S: KernelScalar>(_ bias: AnyTensor, batch b: Int, heads: Range<Int>,
                                           queries: Range<Int>, keys: Range<Int>, rowLength: Int,
                                           into dst: UnsafeMutablePointer<S>) {
        let (axes, offset) = axes(shape: bias.shape, strides: bias.strides, batch: b, heads: heads,
                                  queries: queries, keys: keys, rowLength: rowLength)
        bias.gather(axes: axes, extraOffset: offset, into: dst)
    }

    /// Gathers `mask[b, heads, queries, keys]` (see `axes`).
    static func gatherMask(_ mask: Tensor<Bool>, batch b: Int, heads: Range<Int>, queries: Range<Int>,
                           keys: Range<Int>, rowLength: Int, into dst: UnsafeMutablePointer<Bool>) {
        let (axes, offset) = axes(shape: mask.shape, strides: mask.strides, batch: b, heads: heads,
                                  queries: queries, keys: keys, rowLength: rowLength)
        mask.gather(axes: axes, extraOffset: offset, into: dst) { $0 }
    }
}
