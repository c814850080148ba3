/// How a case's inputs are drawn: the `dist=` parameter of a case id.
///
/// Generated and property cases draw q, k, v in float64 from one of the
/// first five (`ProblemSpec.arguments(idText:)`); `real` marks golden cases
/// whose inputs are real model activations (`fixtures/README.md`) and cannot
/// be generated. The distribution is test data, not a feature of the
/// contract: a case's tags name it (unless `normal`), coverage rules ignore it.
public enum InputDistribution: String, Sendable, Hashable, CaseIterable {
    /// Standard normal.
    case normal
    /// Normal with standard deviation 3.
    case normalTimes3 = "normal_x3"
    /// Uniform in [0, 1).
    case uniform
    /// Standard normal, 1% of elements scaled by 40.
    case outliers
    /// q and k normal with standard deviation 4 (v standard normal): large scores.
    case largeLogits = "large_logits"
    /// Real model activations (golden fixtures only).
    case real
}
