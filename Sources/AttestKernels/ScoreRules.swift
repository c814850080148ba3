import AttestCore
import AttestTensor

/// The per-score rules of the contract after the dot product, applied to one
/// row of raw scores in the accumulation type `S`:
///
///     s = scale · dot                      (scale = 1 when the caller folded it into a GEMM)
///     s = softcap · tanh(s / softcap)      when softcap is set
///     s = s + bias[b,h,i,j]                when a bias is set (-inf masks)
///     s = s - slope_h · |alibiCenter - j|  when ALiBi slopes are set
///     s = -inf                             when the boolean mask is false, or j is outside
///                                          the row's visible interval (`RowBounds`)
///
/// Each step is one operation in `S` (float32 for float32/float16/bfloat16
/// inputs, float64 for float64), so it adds at most one rounding of `S` per
/// step to the score; the parameters are rounded once to `S` here.
struct ScoreRules<S: KernelScalar> {
    let scale: S
    let softcap: S?
    let slopes: [S]?

    init(args: AttentionArguments, foldedScale: Bool) {
        scale = foldedScale ? 1 : S(args.effectiveScale)
        softcap = args.softcap.map { S($0) }
        slopes = args.alibiSlopes.map { $0.map { S($0) } }
    }

    /// Finishes the scores `row[j - first]` for keys `j` in `keys` of query
    /// head `head` with bounds `bounds`, and returns their maximum (-inf when
    /// none is visible; NaN when a visible score is NaN, so the row's result
    /// becomes NaN instead of passing for fully masked). Keys of `keys`
    /// outside `bounds` become -inf.
    /// `bias` and `mask`, when given, are indexed the same way as `row`.
    @inline(__always)
    func finish(row: UnsafeMutablePointer<S>, first: Int, keys: Range<Int>, bounds: RowBounds, head: Int,
                bias: UnsafePointer<S>?, mask: UnsafePointer<Bool>?) -> S {
        let lo = max(keys.lowerBound, bounds.lo), hi = min(keys.upperBound, bounds.hi)
        for j in keys.lowerBound ..< min(lo, keys.upperBound) { row[j &- first] = -.infinity }
        for j in max(hi, keys.lowerBound) ..< keys.upperBound { row[j &- first] = -.infinity }
        guard lo < hi else { return -.infinity }
        let a = lo &- first, b = hi &- first
        if scale != 1 { for c in a ..< b { row[c] = scale * row[c] } }
        if let softcap {
            for c in a ..< b { row[c] = softcap * S.hyperbolicTangent(row[c] / softcap) }
        }
        if let bias { for c in a ..< b { row[c] += bias[c] } }
        if let slopes {
            let slope = slopes[head], center = bounds.alibiCenter
            for c in a ..< b {
                let distance = center &- (c &+ first)
                row[c] += -slope * S(distance < 0 ? -distance : distance)
            }
        }
        if let mask { for c in a ..< b where !mask[c] { row[c] = -.infinity } }
        var m = -S.infinity, sawNaN = false
        for c in a ..< b {
            m = Swift.max(m, row[c])
            sawNaN = sawNaN || row[c].isNaN
        }
        return sawNaN ? .nan : m
    }
}

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
