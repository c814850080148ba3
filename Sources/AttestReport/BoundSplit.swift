import AttestConformance

/// Where a tensor's bound came from. The policy's bound is
/// `factor · baseline_max_abs + floor` (`TolerancePolicy.bound`, with
/// `baseline_max_abs` already holding the score-rounding cost), so the
/// recorded bound and baseline error give both parts back:
///
///     baselineTerm = factor(dtype) · baseline_max_abs
///     floor        = bound − baselineTerm        (float64, clamped at 0)
///
/// From policy version 4 the three numbers are the worst element's
/// (`ErrorReport`), so the split is that element's: its baseline term and its
/// own floor (`ElementFloor`).
/// nil when the policy has no rule for `dtype` (an unparsed case).
public struct BoundSplit: Sendable, Equatable {
    public var baselineTerm: Double
    public var floor: Double
    /// `baseline term` when it is the larger part, else `floor`.
    public var source: String { baselineTerm >= floor ? "baseline term" : "floor" }

    public init?(_ policy: TolerancePolicy, report: ErrorReport, dtype: String) {
        guard let rule = policy.rules[dtype] else { return nil }
        baselineTerm = rule.factor * report.baselineMaxAbs
        floor = max(0, report.bound - baselineTerm)
    }
}
