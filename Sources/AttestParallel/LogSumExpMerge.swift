import Foundation
import AttestCore
import AttestTensor

/// The running result of one rank's query rows across ring steps, in float64:
/// `o [B, n, Hq, Dv]` and `lse [B, Hq, n]`, starting at o = 0, lse = −∞.
///
/// Merging a block result `(o_b, lse_b)` into row i of head h:
///
///     L = logaddexp(lse, lse_b) = max + log1p(exp(min − max))
///     o = exp(lse − L)·o + exp(lse_b − L)·o_b
///
/// computed in float64 from the block's o (in the core's element type) and
/// lse (float64). Fully masked blocks are exact: a block row with
/// lse_b = −∞ is skipped (its weight is 0 and its o, possibly NaN under a
/// core's `nan` policy, is never read); while lse = −∞ the row takes the block's
/// values as they are; a row every block masks keeps o = 0, lse = −∞.
struct LogSumExpMerge {
    let batch: Int, rows: Int, heads: Int, valueDim: Int
    private(set) var o: [Double]
    private(set) var lse: [Double]

    init(batch: Int, rows: Int, heads: Int, valueDim: Int) {
        self.batch = batch
        self.rows = rows
        self.heads = heads
        self.valueDim = valueDim
        o = Array(repeating: 0, count: batch * rows * heads * valueDim)
        lse = Array(repeating: -.infinity, count: batch * heads * rows)
    }

    /// Merges `block` (o `[B, n_b, Hq, Dv]`, lse `[B, Hq, n_b]`) into rows
    /// `first ..< first + n_b`, reading each row's running lse through
    /// `runningLSE` (`RingSteps.runningLSE`: unchanged unless a variant replaces it).
    mutating func merge(_ block: AttentionOutput, firstRow first: Int, runningLSE: (Double) -> Double = { $0 }) {
        guard let blockLSE = block.lse?.widened().scalars else {
            preconditionFailure("a ring block result must carry lse")
        }
        let blockO = block.o.widened().scalars
        let n = block.o.shape[1]
        for b in 0 ..< batch {
            for h in 0 ..< heads {
                for i in 0 ..< n {
                    let lb = blockLSE[(b * heads + h) * n + i]
                    guard lb != -.infinity else { continue }
                    let row = first + i
                    let l = runningLSE(lse[(b * heads + h) * rows + row])
                    let src = ((b * n + i) * heads + h) * valueDim
                    let dst = ((b * rows + row) * heads + h) * valueDim
                    if l == -.infinity {
                        for e in 0 ..< valueDim { o[dst + e] = blockO[src + e] }
                        lse[(b * heads + h) * rows + row] = lb
                        continue
                    }
                    let hi = max(l, lb), lo = min(l, lb)
                    let merged = hi + log1p(exp(lo - hi))
                    let wa = exp(l - merged), wb = exp(lb - merged)
                    for e in 0 ..< valueDim { o[dst + e] = wa * o[dst + e] + wb * blockO[src + e] }
                    lse[(b * heads + h) * rows + row] = merged
                }
            }
        }
    }

    var output: Tensor<Double> { Tensor(shape: [batch, rows, heads, valueDim], elements: o) }
    var logSumExp: Tensor<Double> { Tensor(shape: [batch, heads, rows], elements: lse) }
}
