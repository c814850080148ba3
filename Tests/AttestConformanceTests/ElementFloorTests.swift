import AttestConformance
import AttestCore
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// Tolerance policy version 4: each element judged by its own bound
/// `factor · max(|R − G|_n, c_n) + floorUnits · u · scale_n + halfLeastNonzero`
/// (`ElementFloor`). Hand-made tensors, so each expectation follows from the rule.
struct ElementFloorTests {
    let v3 = TolerancePolicy.v3, v4 = TolerancePolicy.v4

    func t(_ values: [Double]) -> Tensor<Double> { Tensor(shape: [1, values.count, 1, 1], elements: values) }

    @Test func version3And4KeepTheirHashes() throws {
        #expect(v4.id == "attest-tolerance/4" && v4.perElementFloor == true)
        #expect(TolerancePolicy.known.map(\.id).starts(with: ["attest-tolerance/2", "attest-tolerance/3", "attest-tolerance/4"]))
        // The hashes version 3's and version 4's certificates carry (RendererSnapshotTests recorded each before the next version).
        #expect(v3.sha256 == "6635081c1d590d92360c941744bfd500e02e340aedb0cb9d5d077f23a534d6f7")
        #expect(v4.sha256 == "68184c61c07d7cc7deac23a671ebff9bfdff03116b7875c37a4fc25ea13de336")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(!String(decoding: try encoder.encode(v3), as: UTF8.self).contains("perElementFloor"))
    }

    /// A bf16 output [140, 0.5]: version 3 lets the 0.5 element be off by the
    /// floor of 140 (4·2^-8·140 ≈ 2.19); version 4 by that of its own scale.
    @Test func aSmallElementGetsItsOwnFloor() {
        let g = t([140, 0.5]), scale = t([140, 0.5])
        let u = DType.bfloat16.unitRoundoff
        let ownFloor = 4 * u * 0.5 + 0x1p-134
        let inside = t([140, 0.5 + 0.9 * ownFloor]), outside = t([140, 0.5 + 1.1 * ownFloor]), far = t([140, 0.5 + 1.0])
        #expect(v4.judge(tensor: "o", kernel: inside, golden: g, baseline: g, floorScale: scale, dtype: .bfloat16).passed)
        let report = v4.judge(tensor: "o", kernel: outside, golden: g, baseline: g, floorScale: scale, dtype: .bfloat16)
        #expect(!report.passed && report.worstIndex == [0, 1, 0, 0])
        #expect(abs(report.bound - ownFloor) <= 1e-15 && abs(report.headroom - 1.1) < 1e-9)
        #expect(report.maxAbs / report.bound == report.headroom, "attest verify's invariant")
        #expect(v3.judge(tensor: "o", kernel: far, golden: g, baseline: g, floorScale: scale, dtype: .bfloat16).passed,
                "version 3 ignores the scale: one floor from max|G|")
        #expect(!v4.judge(tensor: "o", kernel: far, golden: g, baseline: g, floorScale: scale, dtype: .bfloat16).passed)
    }

    /// The baseline term follows each element's scale: a baseline error of 0.5
    /// on the element of scale 140 gives the element of scale 0.5 a baseline
    /// term of 0.5 · 0.5/140, not 0.5; an exact baseline on the small element
    /// does not shrink it below that either.
    @Test func theBaselineTermFollowsEachElementsScale() {
        let g = t([140, 0.5]), scale = t([140, 0.5]), r = t([140.5, 0.5])
        let k = t([140, 0.5 + 0.1])
        let report = v4.judge(tensor: "o", kernel: k, golden: g, baseline: r, floorScale: scale, dtype: .bfloat16)
        let lambda = 0x1p-134 / DType.bfloat16.unitRoundoff
        let term = 0.5 / (140 + lambda) * (0.5 + lambda)
        #expect(!report.passed && report.worstIndex == [0, 1, 0, 0])
        #expect(abs(report.baselineMaxAbs - term) < 1e-15, "\(report.baselineMaxAbs) vs \(term)")
        #expect(abs(report.bound - (2 * term + 4 * DType.bfloat16.unitRoundoff * 0.5 + 0x1p-134)) < 1e-15)
        let large = v4.judge(tensor: "o", kernel: t([140 + 0.9, 0.5]), golden: g, baseline: r, floorScale: scale, dtype: .bfloat16)
        #expect(large.passed, "2·0.5 + 4u·140 ≈ 3.2 allows 0.9 on the large element: \(large.summary)")
    }

    /// The worst element by headroom, not by absolute error, is the one reported.
    @Test func theWorstElementIsTheOneWithTheLargestHeadroom() {
        let g = t([100, 0.01]), scale = t([100, 0.01])
        let k = t([100 + 1e-4, 0.01 + 1e-6])
        let report = v4.judge(tensor: "o", kernel: k, golden: g, baseline: g, floorScale: scale, dtype: .float32)
        let h0 = 1e-4 / (8 * 0x1p-24 * 100 + 0x1p-150), h1 = 1e-6 / (8 * 0x1p-24 * 0.01 + 0x1p-150)
        #expect(h1 > h0)
        #expect(report.worstIndex == [0, 1, 0, 0] && abs(report.headroom - h1) < 1e-9 * h1)
        #expect(abs(report.maxAbs - 1e-6) < 1e-12, "max_abs is the worst element's error")
    }

    /// The baseline's floor scales: Σ_j P_j·|v_j[e]| from float64 weights, and |m| + ln n + 1.
    @Test func theBaselineComputesTheScales() throws {
        // One query, two keys with scores 0 and ln 3 (weights 1/4 and 3/4), v = [[-4, 1], [4, 2]].
        let q = Tensor<Double>(shape: [1, 1, 1, 1], elements: [1])
        let k = Tensor<Double>(shape: [1, 2, 1, 1], elements: [0, Foundation.log(3)])
        let v = Tensor<Double>(shape: [1, 2, 1, 2], elements: [-4, 1, 4, 2])
        let result = BaselineAttention.compute(AttentionArguments(q: .float64(q), k: .float64(k), v: .float64(v), scale: 1))
        #expect(abs(result.oFloorScale[0, 0, 0, 0] - (0.25 * 4 + 0.75 * 4)) < 1e-15)
        #expect(abs(result.oFloorScale[0, 0, 0, 1] - (0.25 * 1 + 0.75 * 2)) < 1e-15)
        #expect(abs(result.o[0, 0, 0, 0] - 2) < 1e-15, "o itself is 2, half its scale")
        #expect(abs(result.lseFloorScale[0, 0, 0] - (Foundation.log(3) + Foundation.log(2) + 1)) < 1e-15)
    }

    /// The case: on the bf16 `outliers` case of `standard`, version 3 gave
    /// every element the bound of the largest; version 4 gives an element of size
    /// about 0.5 a bound at least ten times smaller (the figures of `docs/tolerance.md`).
    @Test func theBF16OutliersCaseBoundsSmallElementsByTheirOwnScale() throws {
        let id = "fwd:gen:dist:dtype=bf16;B=2;Hq=4;Hkv=4;Sq=32;Skv=48;D=32;Dv=32;mask=causal_tl;dist=outliers;seed=0"
        let problem = try CaseResolver(golden: sharedGolden, cache: CaseCache()).resolve(id).make()
        let baseline = BaselineAttention.compute(problem.args)
        let g = problem.golden.scalars
        let v3Bound = v3.judge(tensor: "o", kernel: problem.golden, golden: problem.golden, baseline: baseline.o,
                               scoreRounding: baseline.oScoreRounding, dtype: .bfloat16).bound
        let bounds = try #require(v4.elementBounds(golden: problem.golden, baseline: baseline.o, scoreRounding: baseline.oScoreRounding,
                                                   floorScale: baseline.oFloorScale, dtype: .bfloat16))
        let n = try #require(g.indices.filter { g[$0].isFinite }.min { abs(abs(g[$0]) - 0.5) < abs(abs(g[$1]) - 0.5) })
        print("bf16 outliers: max|G| \(g.filter(\.isFinite).map(abs).max()!), v3 bound \(v3Bound); element \(n) of size "
              + "\(g[n]): v4 bound \(bounds.scalars[n]), scale \(baseline.oFloorScale.scalars[n]), "
              + "largest v4 bound \(bounds.scalars.filter(\.isFinite).max()!)")
        #expect(v3Bound > 1, "version 3's one bound is the largest element's")
        #expect(bounds.scalars[n] < v3Bound / 10)
    }
}
