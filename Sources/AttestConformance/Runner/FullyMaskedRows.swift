import AttestCore
import AttestTensor

/// How a kernel's declared fully-masked-row policy changes what is expected.
/// Goldens follow the contract's default (o = 0, lse = -inf). A kernel that
/// declares `.nan` is held to o = NaN on exactly those rows (lse -inf or NaN).
enum FullyMaskedRows {
    struct Expected {
        var o: Tensor<Double>
        var baselineO: Tensor<Double>
        var scoreRoundingO: Tensor<Double>
    }

    static func expected(_ problem: CaseProblem, baseline: BaselineAttention.Result,
                         policy: FullyMaskedRowPolicy) -> Expected {
        guard policy == .nan else {
            return Expected(o: problem.golden, baselineO: baseline.o, scoreRoundingO: baseline.oScoreRounding)
        }
        let o = problem.golden.copy(), r = baseline.o.copy()
        let lse = problem.goldenLSE
        Tensor<Double>.forEachIndex(in: o.shape) { i in
            if lse[i[0], i[2], i[1]] == -.infinity {
                o[i] = .nan
                r[i] = .nan
            }
        }
        return Expected(o: o, baselineO: r, scoreRoundingO: baseline.oScoreRounding)
    }

    /// With policy `.nan`, a NaN lse on a fully masked row counts as -inf.
    static func normalizedLSE(_ lse: Tensor<Double>, golden: Tensor<Double>, policy: FullyMaskedRowPolicy) -> Tensor<Double> {
        guard policy == .nan else { return lse }
        let out = lse.copy()
        Tensor<Double>.forEachIndex(in: out.shape) { i in
            if golden[i] == -.infinity && out[i].isNaN { out[i] = -.infinity }
        }
        return out
    }
}
