import AttestTensor
import Foundation

/// The per-element floor of tolerance policy version 4 (`docs/tolerance.md`),
/// written once here. Versions 1 to 3 gave every element of a tensor the same
/// floor `floorUnits · u · max(1, max|G|)`, so on a wide-range output (the bf16
/// `outliers` case) an element of size 0.5 could be off by as much as the
/// largest element's rounding. Version 4 gives each element the floor of what
/// bounds the rounding of that element:
///
///     floor_n = floorUnits · u · scale_n  +  halfLeastNonzero(type)
///
///     o[b,i,h,e]:  scale = Σ_j P_j · |v_j[e]|         P_j = p_j / l, the float64 weights of the row
///     lse[b,h,i]:  scale = |m| + ln n + 1             m the row's float64 maximum score, n its visible keys
///
/// with u the unit roundoff of the type that judges the tensor (the call's
/// element type for o, `TolerancePolicy.lseType` for lse). Every rounding a
/// kernel makes in forming o's weighted sum, in any order, is a multiple of u
/// times a partial sum of P_j·|v_j[e]| (and o itself is at most that sum), so
/// the absolute weighted sum is the magnitude every rounding of o[e] scales
/// with; lse = m + ln l rounds m (u·|m|), ln l (u·ln n) and l's sum (whose
/// relative error is a multiple of u, the 1). The half least nonzero
/// magnitude of the type covers subnormal results. The baseline term uses the
/// same scale (`ToleranceJudge+Elements.swift`): factor · min(ρ · (scale + λ), B),
/// ρ the baseline's largest error in units of the scale, B its largest error.
///
/// Precision: the scores, m, l, P_j and both sums are float64
/// (`BaselineAttention` computes them from the exact inputs beside its own
/// accumulation-type pass), so the scale is the golden's own, not the
/// baseline's rounded one.
public enum ElementFloor {
    /// lse's scale for a row whose float64 maximum score is `m` over `n` visible keys.
    public static func logSumExpScale(rowMax m: Double, visibleKeys n: Int) -> Double {
        abs(m) + Foundation.log(Double(max(n, 1))) + 1
    }

    /// λ = halfLeastNonzero / u: the smallest normal magnitude of `dtype`, added to
    /// a scale where the baseline's error is measured in units of it
    /// (`TolerancePolicy.BaselineScale`), so a subnormal element cannot set that unit.
    static func scaleFloor(_ dtype: DType) -> Double {
        ForwardErrorBound.halfLeastNonzero(dtype) / dtype.unitRoundoff
    }

    /// The floor of one element of scale `scale` judged as `dtype` under `rule`.
    static func floor(_ rule: TolerancePolicy.Rule, dtype: DType, scale: Double) -> Double {
        rule.floorUnits * dtype.unitRoundoff * scale + ForwardErrorBound.halfLeastNonzero(dtype)
    }
}
