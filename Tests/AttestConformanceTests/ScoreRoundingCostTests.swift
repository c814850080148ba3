import AttestConformance
import AttestCore
import AttestTensor
import Foundation
import Testing

/// Policy v2's score-rounding cost: its value on problems small enough to
/// derive by hand, and its effect on the bound.
struct ScoreRoundingCostTests {
    let policy = TolerancePolicy.v2
    let u32 = 0x1p-24

    func t(_ values: [Double]) -> Tensor<Double> { Tensor(shape: [1, values.count, 1, 1], elements: values) }

    @Test func costRaisesTheBaselineErrorToWhatThePrecisionCosts() {
        // f32: factor 4, floor 8u·max(1, |G|) = 8·2^-24 ≈ 4.77e-7 for |G| <= 1.
        // Kernel error 1e-5; measured baseline error 1e-7, so without the cost the
        // bound is 4e-7 + 4.77e-7 and the kernel fails; with a cost of 5e-6 on
        // that element the bound is 2e-5 + 4.77e-7 and it passes.
        let g = t([0.5, 0.25]), kernel = t([0.5 + 1e-5, 0.25]), baseline = t([0.5 + 1e-7, 0.25])
        let without = policy.judge(tensor: "o", kernel: kernel, golden: g, baseline: baseline, dtype: .float32)
        let with = policy.judge(tensor: "o", kernel: kernel, golden: g, baseline: baseline,
                                scoreRounding: t([5e-6, 0]), dtype: .float32)
        #expect(!without.passed)
        #expect(with.passed)
        #expect(abs(with.bound - (4 * 5e-6 + 8 * u32)) < 1e-15)
        // The cost is per element: the same cost on another element still raises
        // max over elements, as the rule takes the maximum of the per-element errors.
        let elsewhere = policy.judge(tensor: "o", kernel: kernel, golden: g, baseline: baseline,
                                     scoreRounding: t([0, 5e-6]), dtype: .float32)
        #expect(elsewhere.passed && abs(elsewhere.bound - with.bound) < 1e-15)
    }

    @Test func costOfTwoKeysDerivedByHand() throws {
        // f32, D = Dv = 1, scale 1, q = 1, k = (1, -1), v = (0, 1): s = (1, -1),
        // p = (e, 1/e) / (e + 1/e), o = p2. Each c_j = u·(|q k_j| + |s_j|) = 2u, so
        // cost(o) = Σ p_j·2u·|v_j − o| = 2u·(p1·p2 + p2·p1) = 4u·p1·p2 = u / cosh²(1),
        // cost(lse) = Σ p_j·2u = 2u.
        let q = AnyTensor(Tensor<Float>(shape: [1, 1, 1, 1], elements: [1]))
        let k = AnyTensor(Tensor<Float>(shape: [1, 2, 1, 1], elements: [1, -1]))
        let v = AnyTensor(Tensor<Float>(shape: [1, 2, 1, 1], elements: [0, 1]))
        let result = BaselineAttention.compute(AttentionArguments(q: q, k: k, v: v, scale: 1))
        let expectedO = u32 / (cosh(1.0) * cosh(1.0))
        #expect(abs(result.oScoreRounding[0, 0, 0, 0] - expectedO) <= 1e-6 * expectedO)
        #expect(abs(result.lseScoreRounding[0, 0, 0] - 2 * u32) <= 1e-6 * 2 * u32)
    }

    @Test func softcapCarriesTheDotCostThroughItsSlope() {
        // One key: q = 3, k = 1, scale 1, softcap 1: x = 3, s = tanh(3), p = 1.
        // c = u·(|3|·(1 − tanh²3) + tanh 3); cost(lse) = c; cost(o) = c·|v − o| = 0.
        let q = AnyTensor(Tensor<Float>(shape: [1, 1, 1, 1], elements: [3]))
        let k = AnyTensor(Tensor<Float>(shape: [1, 1, 1, 1], elements: [1]))
        let v = AnyTensor(Tensor<Float>(shape: [1, 1, 1, 1], elements: [7]))
        let result = BaselineAttention.compute(AttentionArguments(q: q, k: k, v: v, scale: 1, softcap: 1))
        let th = tanh(3.0)
        let expected = u32 * (3 * (1 - th * th) + th)
        #expect(abs(result.lseScoreRounding[0, 0, 0] - expected) <= 1e-6 * expected)
        #expect(result.oScoreRounding[0, 0, 0, 0] == 0)
    }
}
