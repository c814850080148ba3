@testable import AttestConformance
import AttestCore
import AttestKernels
import AttestTensor
import AttestTestSupport
import Testing

/// The blocked golden and baseline used at or above `GoldenPath.threshold`.
@Suite("Blocked golden and baseline")
struct BlockedGoldenTests {
    @Test("the fast golden reproduces every golden fixture's stored o and lse")
    func fixtures() throws {
        let golden = try #require(sharedGolden)
        let ids = try golden.caseIDs()
        #expect(ids.count > 50)
        for id in ids where id.hasPrefix("fwd:golden:") {
            let g = try golden.load(id)
            let (o, lse) = try BLASGolden.compute(g.args, workers: 2)
            expectReproduces(o, g.o, "\(id) o")
            expectReproduces(lse, g.lse, "\(id) lse")
        }
    }

    @Test("every shipped case is below the threshold, so it keeps the literal golden and baseline")
    func shippedCasesStayLiteral() throws {
        for name in ["smoke", "standard", "full", "stacks"] {
            for spec in try Fixture.profile(name).cases {
                #expect(GoldenPath.of(spec.problem.dims) == .literal, "\(spec.id) would use the blocked path")
            }
        }
        let above = AttentionDims(batch: 1, queryLength: 1024, keyLength: 1024, queryHeads: 2, keyValueHeads: 2,
                                  headDim: 128, valueDim: 128)
        #expect(above.flops == Double(1 << 30) && GoldenPath.of(above) == .blocked)
    }

    /// On every sixth generated case of `standard` (problems from the shared cache, whose baselines are
    /// the literal ones): the blocked baseline is within the a-priori forward error bound of the golden,
    /// and its costs, bounds and floor scales (policy v4) are within 5% of the literal baseline's, plus 1e-6 of the tensor's largest
    /// (an element far below the largest, where |v_j − o| cancels, depends on o's last bits).
    @Test("the blocked baseline stays within the forward error bound of the golden and near the literal baseline")
    func baseline() throws {
        let resolver = CaseResolver(golden: sharedGolden, cache: sharedCache)
        let generated = try Fixture.profile("standard").cases.filter { if case .generated = $0.origin { true } else { false } }
        var checked = 0, skipped = 0
        for spec in generated.enumerated().filter({ $0.offset % 6 == 0 }).map(\.element) {
            let problem = try resolver.resolve(spec).make()
            let literal = try #require(problem.baseline)
            guard let blocked = BaselineAttention.blocked(problem.args, workers: 2) else {
                skipped += 1 // non-finite inputs: the literal baseline serves those
                continue
            }
            #expect(ForwardErrorBound.disagreement(tensor: "o", baseline: blocked.o, golden: problem.golden,
                                                   bound: blocked.oForwardBound) == nil, "\(spec.id)")
            #expect(ForwardErrorBound.disagreement(tensor: "lse", baseline: blocked.lse, golden: problem.goldenLSE,
                                                   bound: blocked.lseForwardBound) == nil, "\(spec.id)")
            for (name, x, y) in [("o cost", blocked.oScoreRounding, literal.oScoreRounding),
                                 ("lse cost", blocked.lseScoreRounding, literal.lseScoreRounding),
                                 ("o normalization cost", blocked.oNormalization, literal.oNormalization),
                                 ("o bound", blocked.oForwardBound, literal.oForwardBound),
                                 ("lse bound", blocked.lseForwardBound, literal.lseForwardBound),
                                 ("o floor scale", blocked.oFloorScale, literal.oFloorScale),
                                 ("lse floor scale", blocked.lseFloorScale, literal.lseFloorScale)] {
                let floor = 1e-6 * (y.scalars.filter(\.isFinite).map(abs).max() ?? 0)
                let bad = zip(x.scalars, y.scalars).filter { a, b in !(a == b || abs(a - b) <= 0.05 * abs(b) + floor) }
                #expect(bad.isEmpty, "\(spec.id) \(name): \(bad.count) differ by more than 5%, first \(bad.prefix(2))")
            }
            checked += 1
        }
        #expect(checked > 60, "checked \(checked), skipped \(skipped)")
    }
}
