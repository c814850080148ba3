import AttestConformance
import AttestTensor
import Foundation
import Testing

/// The policy's judgement on hand-made errors: golden, baseline and kernel
/// tensors written out by hand, so each expectation follows from the rule
/// `max|T−G| <= factor·max|R−G| + floorUnits·u·max(1, max|G|)`.
struct TolerancePolicyTests {
    let policy = TolerancePolicy.v2

    func t(_ values: [Double]) -> Tensor<Double> { Tensor(shape: [1, values.count, 1, 1], elements: values) }

    func floor(_ dtype: DType, goldenMax: Double) -> Double {
        policy.rule(for: dtype).floorUnits * dtype.unitRoundoff * max(1, goldenMax)
    }

    @Test func exactKernelPassesWithZeroHeadroom() {
        let g = t([0.5, -0.25, 2])
        let r = policy.judge(tensor: "o", kernel: g, golden: g, baseline: t([0.5, -0.25, 2.001]), dtype: .float16)
        #expect(r.passed && r.maxAbs == 0 && r.headroom == 0 && r.nonFiniteMismatches == 0)
        #expect(abs(r.baselineMaxAbs - 0.001) < 1e-12)
    }

    @Test(arguments: [DType.float16, .bfloat16, .float32, .float64])
    func boundIsFactorTimesBaselinePlusFloor(dtype: DType) {
        let g = t([1, 2, 3, 4])
        let baseErr = (2 + 1e-3) - 2.0 // exactly the measured baseline error
        let bound = policy.rule(for: dtype).factor * baseErr + floor(dtype, goldenMax: 4)
        // Just inside the bound at index 2, and just outside.
        let inside = policy.judge(tensor: "o", kernel: t([1, 2, 3 + bound * 0.999, 4]), golden: g,
                                  baseline: t([1, 2 + baseErr, 3, 4]), dtype: dtype)
        #expect(inside.passed, "\(dtype): \(inside.summary)")
        #expect(abs(inside.bound - bound) <= 1e-15 * bound)
        #expect(inside.worstIndex == [0, 2, 0, 0])
        let outside = policy.judge(tensor: "o", kernel: t([1, 2, 3, 4 - bound * 1.001]), golden: g,
                                   baseline: t([1, 2 + baseErr, 3, 4]), dtype: dtype)
        #expect(!outside.passed, "\(dtype): \(outside.summary)")
        #expect(outside.worstIndex == [0, 3, 0, 0])
        #expect(outside.headroom > 1 && outside.headroom < 1.01)
    }

    @Test func exactBaselineLeavesOnlyTheFloor() {
        let g = t([0.75, 0.5])
        let f = floor(.float32, goldenMax: 0.75)
        #expect(f == 8 * 0x1p-24)
        #expect(policy.judge(tensor: "o", kernel: t([0.75 + 0.9 * f, 0.5]), golden: g, baseline: g, dtype: .float32).passed)
        #expect(!policy.judge(tensor: "o", kernel: t([0.75 + 1.1 * f, 0.5]), golden: g, baseline: g, dtype: .float32).passed)
    }

    /// Each compared element counts once, in the bin of its own |T − G| / bound
    /// (edges 0, 1e-3, 1e-2, 0.1, 0.5, 1, 10, inf); a pattern mismatch and a
    /// non-finite golden element are not compared, so not counted.
    @Test func histogramBinsEveryComparedElementByItsHeadroom() {
        let g = t([1, 1, 1, 1, 1, 1, 1, 1, .infinity, 1])
        let base = t([1, 1 + 1e-3, 1, 1, 1, 1, 1, 1, .infinity, 1])
        let bound = policy.rule(for: .float64).factor * 1e-3 + floor(.float64, goldenMax: 1)
        let offsets = [0, 5e-4, 5e-3, 0.05, 0.3, 0.9, 5, 50].map { $0 * bound }
        let kernel = t(offsets.map { 1 + $0 } + [.infinity, .nan])
        let r = policy.judge(tensor: "o", kernel: kernel, golden: g, baseline: base, dtype: .float64)
        #expect(ErrorReport.headroomBins == [0, 1e-3, 1e-2, 0.1, 0.5, 1, 10, .infinity])
        #expect(r.histogram == [1, 1, 1, 1, 1, 1, 1, 1], "\(r.summary), bound \(r.bound) vs \(bound)")
        #expect(r.nonFiniteMismatches == 1)
    }

    @Test func nanWhereGoldenIsFiniteFailsAndIsLocated() {
        let g = t([1, 2, 3])
        let r = policy.judge(tensor: "o", kernel: t([1, .nan, 3]), golden: g, baseline: g, dtype: .float32)
        #expect(!r.passed && r.nonFiniteMismatches == 1 && r.worstIndex == [0, 1, 0, 0])
    }

    @Test func infinityPatternMustMatchSignToo() {
        let g = t([-.infinity, 1])
        #expect(policy.judge(tensor: "lse", kernel: t([-.infinity, 1]), golden: g, baseline: g, dtype: .float32).passed)
        let wrongSign = policy.judge(tensor: "lse", kernel: t([.infinity, 1]), golden: g, baseline: g, dtype: .float32)
        #expect(!wrongSign.passed && wrongSign.nonFiniteMismatches == 1)
        let finite = policy.judge(tensor: "lse", kernel: t([-1e30, 1]), golden: g, baseline: g, dtype: .float32)
        #expect(!finite.passed && finite.nonFiniteMismatches == 1)
    }

    @Test func nonFiniteBaselineNeverWidensTheBound() {
        let g = t([1, 2])
        let r = policy.judge(tensor: "o", kernel: t([1.5, 2]), golden: g, baseline: t([.nan, .infinity]), dtype: .float16)
        #expect(r.baselineMaxAbs == 0 && !r.passed)
    }

    @Test func relativeErrorIgnoresZeroGoldens() {
        let r = policy.judge(tensor: "o", kernel: t([0.001, 2.002]), golden: t([0, 2]), baseline: t([0, 2]), dtype: .bfloat16)
        #expect(abs(r.maxRel - 0.001) < 1e-12 && abs(r.maxAbs - 0.002) < 1e-12)
    }

    /// Version 3 judges lse in the coarser of the accumulation type and the declared lse precision.
    @Test func version3JudgesLSEInItsStoragePrecision() {
        let v3 = TolerancePolicy.v3
        for call in DType.allCases {
            #expect(policy.lseType(call: call, declared: nil) == call, "v2 judges lse in the call's type")
            #expect(policy.lseType(call: call, declared: .bfloat16) == call)
        }
        #expect(v3.lseType(call: .bfloat16, declared: nil) == .float32)
        #expect(v3.lseType(call: .float16, declared: nil) == .float32)
        #expect(v3.lseType(call: .float32, declared: nil) == .float32)
        #expect(v3.lseType(call: .float64, declared: nil) == .float64)
        #expect(v3.lseType(call: .bfloat16, declared: .bfloat16) == .bfloat16)
        #expect(v3.lseType(call: .float64, declared: .float32) == .float32)
        #expect(v3.lseType(call: .bfloat16, declared: .float64) == .float32, "never finer than the baseline's accumulation type")
        // A plain bf16 lse near 5 off by 0.01 (bf16's half-ulp there is 0.016): v2 passes it, v3 does not.
        let g = t([5, 4.5]), r = t([5 + 1e-6, 4.5 - 1e-6]), k = t([5.01, 4.5])
        #expect(policy.judge(tensor: "lse", kernel: k, golden: g, baseline: r,
                             dtype: policy.lseType(call: .bfloat16, declared: nil)).passed)
        #expect(!v3.judge(tensor: "lse", kernel: k, golden: g, baseline: r,
                          dtype: v3.lseType(call: .bfloat16, declared: nil)).passed)
    }

    /// Adding version 3's switch did not change version 2's canonical JSON (and so its hash).
    @Test func version2KeepsItsCanonicalJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(TolerancePolicy.v2), as: UTF8.self)
        #expect(json.hasPrefix(#"{"id":"attest-tolerance\/2","rules":{"#), "\(json)")
        #expect(!json.contains("lse"), "\(json)")
        #expect(try JSONDecoder().decode(TolerancePolicy.self, from: Data(json.utf8)) == TolerancePolicy.v2)
    }

    @Test func policyIdentityIsStable() {
        #expect(policy.id == "attest-tolerance/2")
        #expect(policy.sha256.count == 64 && policy.sha256 == TolerancePolicy.v2.sha256)
        var changed = policy
        changed.rules["f32"]?.factor = 5
        #expect(changed.sha256 != policy.sha256)
    }
}
