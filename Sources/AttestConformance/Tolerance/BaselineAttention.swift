import AttestCore
import AttestTensor
import Foundation

/// The tolerance policy's baseline: the straightforward attention algorithm
/// run in the precision a kernel of the call's element type would use, so
/// that its error against the float64 golden measures what that precision
/// costs on this very case.
///
/// Per element type (inputs are already stored in it, so reading them is exact):
/// - f16, bf16: scores, softmax and the weighted sum of values in float32
///   (FlashAttention's and PyTorch's "low-precision reference" accumulate in
///   float32), o rounded once to the element type;
/// - f32: float32 throughout; f64: float64 throughout.
///
/// Algorithm per (b, h, i): s_j = scale·Σ_d q·k (key order, d ascending),
/// then softcap, bias, ALiBi and -inf for hidden keys by `ScoreRules`; m = max_j s_j; p_j = exp(s_j − m);
/// l = Σ p_j; o = (Σ_j p_j v_j) / l; lse = m + log l. A row with no visible
/// key gives o = 0 and lse = -inf. lse is left in the accumulation precision.
///
/// Beside o and lse it returns the *score-rounding cost* of every element: the
/// first-order error any algorithm makes by forming each score in the
/// accumulation precision (unit roundoff u_acc), computed in float64 from the
/// baseline's own scores and probabilities p_j. One rounding of the dot
/// product's absolute sum, carried through the softcap's slope κ_j
/// (1 − tanh²(x_j/cap), or 1 without softcap), plus one rounding of the final
/// score:
///
///     c_j  = u_acc · (|scale| · Σ_d |q_d k_d| · κ_j + |s_j|)
///     o[e]: Σ_j p_j · c_j · |v_j[e] − o[e]|        lse: Σ_j p_j · c_j
///
/// It is what the precision costs whatever the summation order, so the tolerance
/// judge never lets a lucky baseline sample set the bound below it (logits of
/// 1e4 in float32 carry an error near 1e-3 in every score).
///
/// It also returns the *normalization cost* of every o element (policy
/// version 5, `TolerancePolicy.v5`): what rounding the row's weights costs
/// in an order other than the baseline's own,
///
///     o[e]: u_acc · √n · |o[e]|        n the row's visible keys
///
/// The baseline divides Σ_j p_j·v_j[e] by l = Σ_j p_j summed in the same
/// order, so where V is constant along the keys the two roundings cancel
/// and its error is zero, while a kernel that normalizes otherwise (a
/// reciprocal of l, rescaled tiles, another summation order) carries the
/// relative rounding of a sum of n weights: at most γ_n, and √n·u_acc in the
/// probabilistic model of Higham and Mary (SIAM J. Sci. Comput. 41(5), 2019),
/// the typical size of n independent roundings.
///
/// It also returns, per element, the a-priori bound on its distance from a
/// right float64 golden (`ForwardErrorBound`), computed in float64 in the same
/// pass, and the scale of its floor (`ElementFloor`), from float64 scores
/// formed beside the accumulation-type ones (the golden's weights, not the
/// baseline's rounded ones).
public enum BaselineAttention {
    /// The baseline outputs and their score-rounding costs (same shapes as o and lse).
    public struct Result: Sendable {
        public var o: Tensor<Double>
        public var lse: Tensor<Double>
        public var oScoreRounding: Tensor<Double>
        public var lseScoreRounding: Tensor<Double>
        /// u_acc · √n · |o| per o element (above): the normalization cost of policy version 5.
        public var oNormalization: Tensor<Double>
        /// How far o and lse may be from a right golden (`ForwardErrorBound`).
        public var oForwardBound: Tensor<Double>
        public var lseForwardBound: Tensor<Double>
        /// The scales of the per-element floor (`ElementFloor`): Σ_j P_j·|v_j[e]| and |m| + ln n + 1.
        public var oFloorScale: Tensor<Double>
        public var lseFloorScale: Tensor<Double>

        /// Every tensor, o-shaped and lse-shaped in turn, in the one order `GoldenStore` keeps them in.
        var stored: [Tensor<Double>] {
            [o, lse, oScoreRounding, lseScoreRounding, oForwardBound, lseForwardBound, oFloorScale, lseFloorScale,
             oNormalization]
        }

        /// The shapes of `stored` for a call of `dims`.
        static func storedShapes(_ dims: AttentionDims) -> [[Int]] {
            Array(repeating: [dims.outputShape, dims.lseShape], count: 4).flatMap { $0 } + [dims.outputShape]
        }
    }

    /// The baseline of `args`: `blocked` at or above `GoldenPath.threshold`
    /// FLOPs (when it applies), else the literal loop below.
    public static func compute(_ args: AttentionArguments) -> Result {
        if GoldenPath.of(args.dims) == .blocked, let result = blocked(args) { return result }
        return literal(args)
    }

    /// The literal baseline, row by row, whatever the size.
    public static func literal(_ args: AttentionArguments) -> Result {
        switch args.dtype {
        case .float64: run(args, Double.self)
        case .float32, .float16, .bfloat16: run(args, Float.self)
        }
    }

    private static func run<A: KernelScalar>(_ args: AttentionArguments, _: A.Type) -> Result {
        let d = args.dims
        let q = args.q.widened().scalars.map { A($0) }
        let k = args.k.widened().scalars.map { A($0) }
        let v = args.v.widened().scalars.map { A($0) }
        let bias = args.bias?.widened()
        let scale = A(args.effectiveScale)
        // The scale is applied here (folded), so the score-rounding cost sees the scaled score.
        let rules = ScoreRules<A>(args: args, foldedScale: true)
        let rules64 = ScoreRules<Double>(args: args, foldedScale: true), scale64 = args.effectiveScale
        var o = [Double](repeating: 0, count: d.batch * d.queryLength * d.queryHeads * d.valueDim)
        var lse = [Double](repeating: -.infinity, count: d.batch * d.queryHeads * d.queryLength)
        var oCost = [Double](repeating: 0, count: o.count), oNormalization = [Double](repeating: 0, count: o.count)
        var lseCost = [Double](repeating: 0, count: lse.count)
        var oBound = [Double](repeating: 0, count: o.count)
        var lseBound = [Double](repeating: 0, count: lse.count)
        var oScale = [Double](repeating: 0, count: o.count)
        var lseScale = [Double](repeating: 0, count: lse.count)
        var s64 = [Double](repeating: 0, count: d.keyLength), weight64 = [Double](repeating: 0, count: d.keyLength)
        let u = Double(A.ulpOfOne) / 2
        let forward = ForwardErrorBound(accumulationUnitRoundoff: u)
        var s = [A](repeating: 0, count: d.keyLength)
        var dotCost = [Double](repeating: 0, count: d.keyLength)
        var raw = [Double](repeating: 0, count: d.keyLength)
        var acc = [A](repeating: 0, count: d.valueDim)
        for b in 0 ..< d.batch {
            let bounds = RowBounds.table(mask: args.mask, batch: b, dims: d)
            for h in 0 ..< d.queryHeads {
                let kvh = d.keyValueHead(forQueryHead: h)
                for i in 0 ..< d.queryLength where !bounds[i].isEmpty {
                    let qBase = ((b * d.queryLength + i) * d.queryHeads + h) * d.headDim
                    for j in bounds[i].lo ..< bounds[i].hi where args.mask.boolean?.element(batch: b, head: h, query: i, key: j) ?? true {
                        let kBase = ((b * d.keyLength + j) * d.keyValueHeads + kvh) * d.headDim
                        var dot: A = 0
                        var absDot = 0.0, dot64 = 0.0
                        for x in 0 ..< d.headDim {
                            dot += q[qBase + x] * k[kBase + x]
                            let product = Double(q[qBase + x]) * Double(k[kBase + x])
                            absDot += abs(product)
                            dot64 += product
                        }
                        s[j] = scale * dot
                        s64[j] = scale64 * dot64
                        raw[j] = Double(s[j])
                        var slope = 1.0
                        if let cap = rules.softcap {
                            let t = Foundation.tanh(Double(s[j]) / Double(cap))
                            slope = 1 - t * t
                        }
                        dotCost[j] = abs(Double(scale)) * absDot * slope
                    }
                    _ = rules.finish(row: &s, bounds: bounds[i], batch: b, head: h, query: i, bias: bias, boolean: args.mask.boolean)
                    let m64 = rules64.finish(row: &s64, bounds: bounds[i], batch: b, head: h, query: i, bias: bias,
                                             boolean: args.mask.boolean)
                    // The maximum over non-NaN scores: a NaN score still makes the row NaN below, through its p_j.
                    var m = -A.infinity
                    for j in 0 ..< d.keyLength { m = max(m, s[j]) }
                    guard m > -A.infinity else { continue }
                    var l: A = 0
                    for e in 0 ..< d.valueDim { acc[e] = 0 }
                    for j in 0 ..< d.keyLength where s[j] > -A.infinity {
                        let p = A.libraryExponential(s[j] - m)
                        l += p
                        let vBase = ((b * d.keyLength + j) * d.keyValueHeads + kvh) * d.valueDim
                        for e in 0 ..< d.valueDim { acc[e] += p * v[vBase + e] }
                    }
                    let oBase = ((b * d.queryLength + i) * d.queryHeads + h) * d.valueDim
                    for e in 0 ..< d.valueDim { o[oBase + e] = round(Double(acc[e] / l), to: args.dtype) }
                    let lseIndex = (b * d.queryHeads + h) * d.queryLength + i
                    lse[lseIndex] = Double(m + A.logarithm(l))
                    // Score-rounding cost and forward error bound, float64, from this row's scores and probabilities.
                    var visible = 0, l64 = 0.0
                    for j in 0 ..< d.keyLength where s[j] > -A.infinity { visible += 1 }
                    let normalization = u * Double(visible).squareRoot()
                    for e in 0 ..< d.valueDim { oNormalization[oBase + e] = normalization * abs(Double(acc[e] / l)) }
                    for j in 0 ..< d.keyLength {
                        weight64[j] = s64[j] > -.infinity ? Foundation.exp(s64[j] - m64) : 0
                        l64 += weight64[j]
                    }
                    lseScale[lseIndex] = ElementFloor.logSumExpScale(rowMax: m64, visibleKeys: visible)
                    let sumError = forward.weightedSumError(visibleKeys: visible)
                    for j in 0 ..< d.keyLength where s[j] > -A.infinity {
                        let p = Double(A.libraryExponential(s[j] - m)) / Double(l)
                        let weight = u * p * (dotCost[j] + abs(Double(s[j])))
                        let epsilon = p * forward.weightError(headDim: d.headDim, dotCost: dotCost[j], raw: raw[j],
                                                              s: Double(s[j]), m: Double(m))
                        lseCost[lseIndex] += weight
                        lseBound[lseIndex] += epsilon
                        let vBase = ((b * d.keyLength + j) * d.keyValueHeads + kvh) * d.valueDim
                        for e in 0 ..< d.valueDim {
                            let vj = Double(v[vBase + e]), oe = Double(acc[e] / l)
                            oCost[oBase + e] += weight * abs(vj - oe)
                            oBound[oBase + e] += epsilon * abs(vj - oe) + p * sumError * abs(vj)
                            oScale[oBase + e] += weight64[j] / l64 * abs(vj)
                        }
                    }
                    for e in 0 ..< d.valueDim {
                        oBound[oBase + e] = forward.output(rowSum: oBound[oBase + e], o: Double(acc[e] / l),
                                                           visibleKeys: visible, dtype: args.dtype)
                    }
                    lseBound[lseIndex] = forward.logSumExp(rowSum: lseBound[lseIndex], lse: lse[lseIndex],
                                                           visibleKeys: visible, dtype: args.dtype)
                }
            }
        }
        return Result(o: Tensor(shape: d.outputShape, elements: o), lse: Tensor(shape: d.lseShape, elements: lse),
                      oScoreRounding: Tensor(shape: d.outputShape, elements: oCost),
                      lseScoreRounding: Tensor(shape: d.lseShape, elements: lseCost),
                      oNormalization: Tensor(shape: d.outputShape, elements: oNormalization),
                      oForwardBound: Tensor(shape: d.outputShape, elements: oBound),
                      lseForwardBound: Tensor(shape: d.lseShape, elements: lseBound),
                      oFloorScale: Tensor(shape: d.outputShape, elements: oScale),
                      lseFloorScale: Tensor(shape: d.lseShape, elements: lseScale))
    }

    /// `x` rounded once (nearest-even) to `dtype`, widened back.
    static func round(_ x: Double, to dtype: DType) -> Double {
        switch dtype {
        case .float64: x
        case .float32: Double(Float(x))
        case .float16: Double(Float16(x))
        case .bfloat16: BFloat16(x).doubleValue
        }
    }
}

extension BaselineAttention.Result {
    /// The result whose `stored` is `t` (an extension, so the memberwise initializer stays).
    init(stored t: [Tensor<Double>]) {
        self.init(o: t[0], lse: t[1], oScoreRounding: t[2], lseScoreRounding: t[3], oNormalization: t[8],
                  oForwardBound: t[4], lseForwardBound: t[5], oFloorScale: t[6], lseFloorScale: t[7])
    }
}
