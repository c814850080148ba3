@testable import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing

/// The baseline's a-priori forward error bound (policy version 3): a right
/// golden is always within it, a lying golden is a HARNESS_ERROR instead of
/// widening its own bound.
struct ForwardErrorBoundTests {
    /// The stored golden of `inner`, with o[0, 0, 0, 0] of case `lyingID` moved by `by`.
    struct LyingGolden: GoldenCaseSource {
        let inner: any GoldenCaseSource
        let lyingID: String
        let by: Double
        func caseIDs() throws -> [String] { try inner.caseIDs() }
        var manifest: FixtureManifest { get throws { try inner.manifest } }
        func load(_ id: String) throws -> GoldenProblem {
            var problem = try inner.load(id)
            if id == lyingID {
                problem.o = problem.o.copy()
                problem.o[0, 0, 0, 0] += by
            }
            return problem
        }
    }

    @Test func gammaIsTheStandardConstant() {
        #expect(ForwardErrorBound.gamma(4, 0x1p-24) == 4 * 0x1p-24 / (1 - 4 * 0x1p-24))
        #expect(ForwardErrorBound.gamma(1 << 24, 0x1p-24) == .infinity)
        #expect(ForwardErrorBound.gamma(0, 0x1p-24) == 0)
    }

    /// The issue's experiment, without editing a file: the varlen golden's o[0, 0, 0, 0]
    /// raised by 1.0. Version 2 passes the reference on it (its bound grew to 4.0);
    /// version 3 names the disagreement.
    @Test func aLyingGoldenIsAHarnessErrorNotALooserBound() throws {
        let golden = try #require(sharedGolden)
        let id = try #require(try golden.caseIDs().first { $0.hasPrefix("fwd:golden:varlen:") })
        let lying = LyingGolden(inner: golden, lyingID: id, by: 1.0)
        let testCase = CaseResolver(golden: lying, cache: CaseCache()).resolve(id)
        let old = InProcessExecutor(policy: .v2).execute(testCase, kernel: ReferenceAttention())
        #expect(old.verdict == .pass, "\(old.verdict) \(old.reason ?? "")")
        let new = InProcessExecutor(policy: .v3).execute(testCase, kernel: ReferenceAttention())
        #expect(new.verdict == .harnessError)
        #expect((new.reason ?? "").contains("o at [0, 0, 0, 0]") && (new.reason ?? "").contains("golden or the baseline is wrong"),
                "\(new.reason ?? "")")
        // The same case with a truthful golden passes under version 3.
        let truthful = InProcessExecutor(policy: .v3).execute(CaseResolver(golden: golden, cache: CaseCache()).resolve(id),
                                                             kernel: ReferenceAttention())
        #expect(truthful.verdict == .pass, "\(truthful.reason ?? "")")
    }

    /// A lie far below what the old bound absorbed is still caught: 1e-3 of the largest output.
    @Test(arguments: [DType.float64, .float32, .float16, .bfloat16])
    func aSmallLieIsCaught(_ dtype: DType) throws {
        let dims = AttentionDims(batch: 2, queryLength: 9, keyLength: 33, queryHeads: 4, keyValueHeads: 2, headDim: 16, valueDim: 16)
        let args = AttentionArguments.random(dims, dtype: dtype, seed: 11)
        let golden = try ReferenceGolden.compute(args)
        let baseline = BaselineAttention.compute(args)
        #expect(ForwardErrorBound.disagreement(tensor: "o", baseline: baseline.o, golden: golden.o, bound: baseline.oForwardBound) == nil)
        #expect(ForwardErrorBound.disagreement(tensor: "lse", baseline: baseline.lse, golden: golden.lse, bound: baseline.lseForwardBound) == nil)
        let lie = 1e-3 * golden.o.scalars.map(abs).max()!
        let o = golden.o.copy()
        o[1, 4, 3, 7] += lie
        let why = ForwardErrorBound.disagreement(tensor: "o", baseline: baseline.o, golden: o, bound: baseline.oForwardBound)
        #expect(why?.contains("o at [1, 4, 3, 7]") == true, "\(why ?? "nil")")
        let lse = golden.lse.copy()
        lse[0, 1, 2] += 1e-3
        #expect(ForwardErrorBound.disagreement(tensor: "lse", baseline: baseline.lse, golden: lse, bound: baseline.lseForwardBound) != nil)
    }

    /// Every sixteenth case of `standard` (every family, mask kind and element type
    /// passes through): no right golden is ever outside the bound.
    @Test func rightGoldensAreWithinTheBound() throws {
        let profile = try Fixture.profile("standard")
        let resolver = CaseResolver(golden: sharedGolden, cache: sharedCache)
        var checked = 0
        for id in stride(from: 0, to: profile.ids.count, by: 16).map({ profile.ids[$0] }) {
            let result = InProcessExecutor(policy: .v3).execute(resolver.resolve(id), kernel: ReferenceAttention())
            #expect(result.verdict == .pass || result.verdict == .notSupported, "\(id): \(result.verdict) \(result.reason ?? "")")
            checked += 1
        }
        #expect(checked > 50)
    }
}
