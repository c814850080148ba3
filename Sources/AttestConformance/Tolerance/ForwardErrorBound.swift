import AttestTensor
import Foundation

/// An a-priori bound on how far the tolerance baseline and a float64 golden of
/// the same case can be apart when both are right (tolerance policy version 3,
/// `docs/tolerance.md`). The judge's bound is a multiple of the baseline's
/// measured error against the golden, so a wrong golden would widen its own
/// bound; a baseline further from the golden than this is a HARNESS_ERROR
/// naming both numbers instead (the golden or the baseline is wrong).
///
/// The standard rounding-error analysis (Higham, *Accuracy and Stability of
/// Numerical Algorithms*, 2nd ed., §3.1: γ_n = n·w / (1 − n·w) bounds the
/// relative error of a sum or dot product of n terms in any order, w the unit
/// roundoff) of the baseline's algorithm, per row with P_j = p_j / l the
/// normalized weights over the n visible keys:
///
///     score      Δs_j = γ_{D+2}·|scale|·Σ_d |q_d k_d|·κ_j + 8w·(|scale·q·k|_j + |s_j|)
///                        (dot product and scale; softcap, bias and ALiBi at a few roundings of their sizes)
///     weight     ε_j  = Δs_j + w·|s_j − m| + 2w          relative error of p_j (shift and exp)
///     o[e]       Σ_j P_j·ε_j·|v_j[e] − o[e]| + γ_{n+1}·Σ_j P_j·|v_j[e]| + (γ_n + 2w)·|o[e]|
///     lse        Σ_j P_j·ε_j + γ_n + 2w·(ln n + 1) + 2w·|lse|
///
/// summed over two precisions: the baseline's accumulation type (w = u_acc) and
/// float64 (w = 2^-53, the golden's own rounding, whatever its summation
/// order), doubled for second-order terms and the libraries' exp, log and tanh
/// (within a few ulps). o gains one rounding to the element type when the
/// baseline rounds o to it (f16, bf16), and every bound gains half the least
/// nonzero magnitude of that type (subnormal rounding). It is first order in
/// w and worst case in n: several orders of magnitude above the error a right
/// baseline shows, and far below any golden error a user would care about.
struct ForwardErrorBound {
    /// The unit roundoffs summed over: accumulation type and float64.
    let units: [Double]

    init(accumulationUnitRoundoff u: Double) { units = [u, 0x1p-53] }

    /// γ_n = n·w / (1 − n·w); +inf once n·w ≥ 1 (no bound).
    static func gamma(_ n: Int, _ w: Double) -> Double {
        let nw = Double(n) * w
        return nw < 1 ? nw / (1 - nw) : .infinity
    }

    /// Σ over the precisions of ε_j: the relative error bound of weight p_j, given the
    /// score's dot-product size (`dotCost`, as `BaselineAttention` computes it: |scale|·Σ|q k|·κ),
    /// the scaled dot product `raw`, the final score `s` and the row maximum `m`.
    func weightError(headDim: Int, dotCost: Double, raw: Double, s: Double, m: Double) -> Double {
        units.reduce(0) { sum, w in
            sum + Self.gamma(headDim + 2, w) * dotCost + 8 * w * (abs(raw) + abs(s)) + w * abs(s - m) + 2 * w
        }
    }

    /// Σ over the precisions of γ_{n+1}: the weighted sum's term per unit of P_j·|v_j[e]|.
    func weightedSumError(visibleKeys n: Int) -> Double {
        units.reduce(0) { $0 + Self.gamma(n + 1, $1) }
    }

    /// The bound of o[e] from its row sum `Σ_j P_j·ε_j·|v_j[e] − o[e]| + γ_{n+1}·Σ_j P_j·|v_j[e]|`.
    func output(rowSum: Double, o: Double, visibleKeys n: Int, dtype: DType) -> Double {
        let division = units.reduce(0) { $0 + Self.gamma(n, $1) + 2 * $1 }
        let storage = dtype.accumulationType == dtype ? 0 : dtype.unitRoundoff * abs(o)
        return 2 * (rowSum + division * abs(o)) + storage + Self.halfLeastNonzero(dtype)
    }

    /// The bound of lse from its row sum `Σ_j P_j·ε_j`.
    func logSumExp(rowSum: Double, lse: Double, visibleKeys n: Int, dtype: DType) -> Double {
        let rest = units.reduce(0) { $0 + Self.gamma(n, $1) + 2 * $1 * (log(Double(n)) + 1) + 2 * $1 * abs(lse) }
        return 2 * (rowSum + rest) + Self.halfLeastNonzero(dtype.accumulationType)
    }

    /// Half the least nonzero magnitude of `dtype`: what rounding a subnormal result can cost.
    static func halfLeastNonzero(_ dtype: DType) -> Double {
        switch dtype {
        case .float64: Double.leastNonzeroMagnitude
        case .float32: Double(Float.leastNonzeroMagnitude) / 2
        case .float16: 0x1p-25
        case .bfloat16: 0x1p-134
        }
    }

    /// The first element where the baseline and the golden are further apart than
    /// `bound` allows (both finite), as a HARNESS_ERROR reason naming both numbers;
    /// nil when there is none.
    static func disagreement(tensor name: String, baseline: Tensor<Double>, golden: Tensor<Double>,
                             bound: Tensor<Double>) -> String? {
        let r = baseline.scalars, g = golden.scalars, c = bound.scalars
        for n in g.indices where r[n].isFinite && g[n].isFinite && abs(r[n] - g[n]) > c[n] {
            return "the golden and the tolerance baseline disagree beyond the baseline's forward error bound: "
                + "\(name) at \(unflatten(n, golden.shape)): golden \(g[n]), baseline \(r[n]), "
                + "|baseline − golden| \(fmt(abs(r[n] - g[n]))) > bound \(fmt(c[n])) (the golden or the baseline is wrong)"
        }
        return nil
    }
}
