import AttestTensor

/// The per-score rules of the contract after the dot product (`docs/semantics.md`),
/// applied to one row of raw scores in the accumulation type `S`, in this order:
///
///     s = scale · dot                      (scale = 1 when the caller folded it into a GEMM)
///     s = softcap · tanh(s / softcap)      when softcap is set                 (`capped`)
///     s = s + bias[b,h,i,j]                when a bias is set (-inf masks)      (`Tensor.element(batch:head:query:key:)`)
///     s = s - slope_h · |alibiCenter - j|  when ALiBi slopes are set            (`alibi`)
///     s = -inf                             when the boolean mask is false, or j is outside
///                                          the row's visible interval (`RowBounds`)
///
/// Each step is one operation in `S` (float32 for float32/float16/bfloat16
/// inputs, float64 for float64), so it adds at most one rounding of `S` per
/// step to the score; the parameters are rounded once to `S` here.
///
/// The one implementation of these rules outside `ReferenceAttention` (which
/// keeps its own literal loop as the specification): the shipped kernels, the
/// tolerance baseline, the ring's block biases, the property checks and the
/// mutants' default steps use it; `ScoreRulesTests` holds it to the reference
/// bit for bit in float64.
public struct ScoreRules<S: KernelScalar>: Sendable {
    public let scale: S
    public let softcap: S?
    public let slopes: [S]?

    /// The rules of `args`; `foldedScale` when the caller multiplies q·k by
    /// the scale itself (a GEMM's alpha), so `finish` multiplies by 1.
    @inlinable
    public init(args: AttentionArguments, foldedScale: Bool) {
        scale = foldedScale ? 1 : S(args.effectiveScale)
        softcap = args.softcap.map { S($0) }
        slopes = args.alibiSlopes.map { $0.map { S($0) } }
    }

    /// `softcap · tanh(s / softcap)`.
    @inlinable @inline(__always)
    public static func capped(_ s: S, softcap: S) -> S { softcap * S.hyperbolicTangent(s / softcap) }

    /// The ALiBi term `-slope · |center - j|` of key `j` (global index) for a
    /// row whose bottom-right diagonal is key `center` (`QuerySegment.alibiCenter`).
    @inlinable @inline(__always)
    public static func alibi(slope: S, center: Int, key j: Int) -> S {
        let distance = center &- j
        return -slope * S(distance < 0 ? -distance : distance)
    }

    /// Finishes the scores `row[j - first]` for keys `j` in `keys` of query
    /// head `head` with bounds `bounds`, and returns their maximum (-inf when
    /// none is visible; NaN when a visible score is NaN, so the row's result
    /// becomes NaN instead of passing for fully masked). Keys of `keys`
    /// outside `bounds` become -inf and their entries are never read.
    /// `bias` and `mask`, when given, are indexed the same way as `row`.
    @inlinable @inline(__always)
    public func finish(row: UnsafeMutablePointer<S>, first: Int, keys: Range<Int>, bounds: RowBounds, head: Int,
                       bias: UnsafePointer<S>?, mask: UnsafePointer<Bool>?) -> S {
        let lo = max(keys.lowerBound, bounds.lo), hi = min(keys.upperBound, bounds.hi)
        for j in keys.lowerBound ..< min(lo, keys.upperBound) { row[j &- first] = -.infinity }
        for j in max(hi, keys.lowerBound) ..< keys.upperBound { row[j &- first] = -.infinity }
        guard lo < hi else { return -.infinity }
        let a = lo &- first, b = hi &- first
        if scale != 1 { for c in a ..< b { row[c] = scale * row[c] } }
        if let softcap {
            for c in a ..< b { row[c] = Self.capped(row[c], softcap: softcap) }
        }
        if let bias { for c in a ..< b { row[c] += bias[c] } }
        if let slopes {
            let slope = slopes[head], center = bounds.alibiCenter
            for c in a ..< b { row[c] += Self.alibi(slope: slope, center: center, key: c &+ first) }
        }
        if let mask { for c in a ..< b where !mask[c] { row[c] = -.infinity } }
        var m = -S.infinity, sawNaN = false
        for c in a ..< b {
            m = Swift.max(m, row[c])
            sawNaN = sawNaN || row[c].isNaN
        }
        return sawNaN ? .nan : m
    }

    /// `finish` over the whole row of query `i` in batch entry `b`, query head
    /// `h` (keys `0 ..< Skv`): `row[j]` holds q·k_j for the keys inside
    /// `bounds` (other entries are not read); the row's bias (size-1 axes
    /// broadcast, rounded to `S`) and boolean mask entries are read from
    /// `bias` and `boolean`. Returns the row's maximum as `finish` does.
    @inlinable
    public func finish(row: inout [S], bounds: RowBounds, batch b: Int, head h: Int, query i: Int,
                       bias: Tensor<Double>?, boolean: Tensor<Bool>?) -> S {
        let n = row.count
        guard n > 0 else { return -.infinity }
        let biasRow = bias.map { t in (0 ..< n).map { S(t.element(batch: b, head: h, query: i, key: $0)) } }
        let maskRow = boolean.map { t in (0 ..< n).map { t.element(batch: b, head: h, query: i, key: $0) } }
        return row.withUnsafeMutableBufferPointer { r in
            func go(_ bias: UnsafePointer<S>?, _ mask: UnsafePointer<Bool>?) -> S {
                finish(row: r.baseAddress!, first: 0, keys: 0 ..< n, bounds: bounds, head: h, bias: bias, mask: mask)
            }
            return withOptionalPointer(biasRow) { bp in withOptionalPointer(maskRow) { mp in go(bp, mp) } }
        }
    }
}

/// Calls `body` with a pointer to `array`'s elements, or nil when `array` is nil.
@inlinable
func withOptionalPointer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress!) }
}
