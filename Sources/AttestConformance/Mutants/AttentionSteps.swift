import AttestCore
import AttestTensor
import Foundation

/// The steps of straightforward attention, one method per decision a kernel
/// makes, each with the contract's (correct) behaviour as its default. A
/// mutant is a type that overrides exactly one step with a bug real kernels
/// have shipped; `SteppedAttention` runs the steps.
///
/// Dimension legend as in `AttentionDims` (B, Sq, Skv, Hq, Hkv, D, Dv).
/// The default score steps are the shared rules of `ScoreRules` (softcap,
/// ALiBi) and `Tensor.element(batch:head:query:key:)` (bias broadcast).
/// Precision: every default step works in float64; `accumulate` is applied
/// after every addition of every running sum (dot products, softmax sum,
/// weighted values), so a mutant can change the accumulation precision.
protocol AttentionSteps: Sendable {
    /// The factor applied to q·k. Default: `args.effectiveScale`.
    func scale(_ args: AttentionArguments) -> Double
    /// The kv head query head `h` reads. Default: `h / (Hq/Hkv)` (repeat-interleave).
    func keyValueHead(forQueryHead h: Int, dims: AttentionDims) -> Int
    /// The batch entry whose k and v query batch entry `b` reads. Default: `b`.
    func keyValueBatch(forBatch b: Int, dims: AttentionDims) -> Int
    /// The segment of query `i` in batch entry `b`, nil for a fully masked row.
    /// Default: `AttentionMask.segment` (padding lengths and packed sequences).
    func segment(batch b: Int, query i: Int, args: AttentionArguments) -> QuerySegment?
    /// The features of q and k summed in q·k. Default: `0 ..< D`.
    func headFeatures(_ dims: AttentionDims) -> Range<Int>
    /// Whether key `j` is visible. Default: `AttentionMask.isVisible`.
    func isVisible(batch b: Int, head h: Int, query i: Int, key j: Int,
                   segment: QuerySegment, args: AttentionArguments) -> Bool
    /// The keys the kernel visits at all. Default: `0 ..< Skv`.
    func visitedKeys(_ dims: AttentionDims) -> Range<Int>
    /// Keys past the end of k that the kernel loads and then masks by a zero
    /// weight (so only non-finite memory there can show). Default: none.
    func loadedPastEnd(_ dims: AttentionDims) -> Range<Int>
    /// Scores of keys past the end of k (the padding of the last key tile)
    /// that row (b, h, i) attends with a zero value row. Default: none.
    func paddingKeyScores(batch b: Int, head h: Int, query i: Int, segment: QuerySegment, args: AttentionArguments) -> [Double]
    /// Combines the scaled score with softcap and the additive terms
    /// (bias + ALiBi). Default: `c·tanh(s/c)` first, then `+ additive`.
    func combine(scaled s: Double, softcap: Double?, additive: Double) -> Double
    /// The bias element for (b, h, i, j) of a bias `[Bb, Hb, Sq, Skv]`.
    /// Default: broadcast axes read index 0.
    func bias(_ bias: Tensor<Double>, batch b: Int, head h: Int, query i: Int, key j: Int) -> Double
    /// The ALiBi term: `-slope · |i' + skv - sq - j'|` on segment-local positions.
    func alibi(slope: Double, segment: QuerySegment, key j: Int) -> Double
    /// Rounds a running sum after each addition. Default: identity (float64).
    func accumulate(_ x: Double) -> Double
    /// Weights and natural-log lse of one score row (-inf = hidden).
    /// Default: subtracts the row maximum; all -inf gives zeros and lse = -inf.
    func softmax(_ scores: [Double], dtype: DType) -> (weights: [Double], lse: Double)
    /// The weights and lse of one score row of a call of sizes `dims` (the
    /// kernel's choice of softmax path). Default: `softmax(scores, dtype:)`.
    func rowSoftmax(_ scores: [Double], dims: AttentionDims, dtype: DType) -> (weights: [Double], lse: Double)
    /// q, k or v (`[B, S, H, D]`, any strides) as contiguous float64 scalars. Default: `t.widened().scalars`.
    func loaded(_ t: AnyTensor) -> [Double]
    /// Whether the weighted sum adds the term of a key of weight `p` (0 for a
    /// hidden key). Default: `p != 0`, so a hidden value is never read.
    func sumsValue(weight p: Double) -> Bool
    /// v[b, j, kvh, e] read from the contiguous float64 copy of v.
    func value(_ v: [Double], batch b: Int, key j: Int, head kvh: Int, element e: Int, dims: AttentionDims) -> Double
    /// The lse value written for a row's natural-log lse, in a call of element type `dtype`. Default: unchanged.
    func reportedLSE(_ lse: Double, dtype: DType) -> Double
    /// Whether the kernel writes row (b, i, h) at all. Default: always.
    func writes(batch b: Int, query i: Int, head h: Int, dims: AttentionDims) -> Bool
    /// Where element (b, i, h, e) of o lands. Default: `[b, i, h, e]`.
    func outputIndex(batch b: Int, query i: Int, head h: Int, element e: Int, dims: AttentionDims) -> [Int]
    /// Runs once after every row is written. Default: nothing.
    func finish(_ output: AttentionOutput)
}

extension AttentionSteps {
    func scale(_ args: AttentionArguments) -> Double { args.effectiveScale }
    func keyValueHead(forQueryHead h: Int, dims: AttentionDims) -> Int { dims.keyValueHead(forQueryHead: h) }
    func keyValueBatch(forBatch b: Int, dims: AttentionDims) -> Int { b }
    func segment(batch b: Int, query i: Int, args: AttentionArguments) -> QuerySegment? {
        args.mask.segment(batch: b, query: i, dims: args.dims)
    }
    func isVisible(batch b: Int, head h: Int, query i: Int, key j: Int,
                   segment: QuerySegment, args: AttentionArguments) -> Bool {
        args.mask.isVisible(batch: b, head: h, query: i, key: j, segment: segment)
    }
    func headFeatures(_ dims: AttentionDims) -> Range<Int> { 0 ..< dims.headDim }
    func visitedKeys(_ dims: AttentionDims) -> Range<Int> { 0 ..< dims.keyLength }
    func paddingKeyScores(batch b: Int, head h: Int, query i: Int, segment: QuerySegment, args: AttentionArguments) -> [Double] { [] }
    func loadedPastEnd(_ dims: AttentionDims) -> Range<Int> { dims.keyLength ..< dims.keyLength }
    func combine(scaled s: Double, softcap: Double?, additive: Double) -> Double {
        (softcap.map { ScoreRules<Double>.capped(s, softcap: $0) } ?? s) + additive
    }
    func bias(_ bias: Tensor<Double>, batch b: Int, head h: Int, query i: Int, key j: Int) -> Double {
        bias.element(batch: b, head: h, query: i, key: j)
    }
    func alibi(slope: Double, segment: QuerySegment, key j: Int) -> Double {
        ScoreRules<Double>.alibi(slope: slope, center: segment.alibiCenter, key: j)
    }
    func accumulate(_ x: Double) -> Double { x }
    func softmax(_ scores: [Double], dtype: DType) -> (weights: [Double], lse: Double) {
        let m = scores.max() ?? -.infinity
        guard m > -.infinity else { return (Array(repeating: 0, count: scores.count), -.infinity) }
        let e = scores.map { exp($0 - m) }
        let sum = e.reduce(0) { accumulate($0 + $1) }
        return (e.map { $0 / sum }, m + log(sum))
    }
    func rowSoftmax(_ scores: [Double], dims: AttentionDims, dtype: DType) -> (weights: [Double], lse: Double) {
        softmax(scores, dtype: dtype)
    }
    func loaded(_ t: AnyTensor) -> [Double] { t.widened().scalars }
    func sumsValue(weight p: Double) -> Bool { p != 0 }
    func value(_ v: [Double], batch b: Int, key j: Int, head kvh: Int, element e: Int, dims: AttentionDims) -> Double {
        v[((b * dims.keyLength + j) * dims.keyValueHeads + kvh) * dims.valueDim + e]
    }
    func reportedLSE(_ lse: Double, dtype: DType) -> Double { lse }
    func writes(batch b: Int, query i: Int, head h: Int, dims: AttentionDims) -> Bool { true }
    func outputIndex(batch b: Int, query i: Int, head h: Int, element e: Int, dims: AttentionDims) -> [Int] {
        [b, i, h, e]
    }
    func finish(_ output: AttentionOutput) {}
}
