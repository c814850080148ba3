import AttestCatalog
import AttestConformance
import AttestCore
import AttestReference
import Testing

/// The certification rules for cases a stack's shape rules exclude
/// (`CaseResult.stackShape`, `MandatoryCore`, `StackCoverage`).
struct StackShapeTests {
    static let mhaCore = "fwd:gen:dense:dtype=f32;B=2;Hq=4;Hkv=4;Sq=16;Skv=16;D=8;Dv=8;mask=none;dist=normal;seed=0"
    static let cells: [String] = ["none", "causal_br", "key_padding"].flatMap { mask in
        [4, 2].map { hkv in "fwd:gen:x:dtype=f32;B=2;Hq=4;Hkv=\(hkv);Sq=16;Skv=16;D=8;Dv=8;mask=\(mask);dist=normal;seed=0" }
    }

    static func result(_ id: String, _ verdict: Verdict, stackShape: Bool? = nil) throws -> CaseResult {
        var r = CaseResult(id: id, verdict: verdict, tags: try CaseSpec(parsing: id).tags,
                           reason: verdict == .pass ? nil : "ulysses:world=4: Hq=2 is not a multiple of P=4")
        r.stackShape = stackShape
        return r
    }

    static func decide(_ results: [CaseResult]) -> CertificationDecision {
        CertificationDecision.decide(results: results, expected: results.map(\.id), partial: false)
    }

    @Test func excludedCoreCaseDoesNotBlockWhenItsCellAndFeaturesPass() throws {
        let excluded = "fwd:gen:y:dtype=f32;B=1;Hq=2;Hkv=2;Sq=10;Skv=10;D=8;Dv=8;mask=causal_br;dist=normal;seed=0"
        let results = try Self.cells.map { try Self.result($0, .pass) } + [try Self.result(excluded, .notSupported, stackShape: true)]
        let d = Self.decide(results)
        #expect(d.verdict == .certified, "\(d.reasons)")
        var bare = results
        bare[bare.count - 1].stackShape = nil
        let b = Self.decide(bare)
        #expect(b.verdict == .notCertified && b.reasons.contains { $0.contains("mandatory core case(s) did not PASS") }, "\(b.reasons)")
    }

    @Test func excludedCasesCannotEmptyACell() throws {
        var results = try Self.cells.map { try Self.result($0, .pass) }
        results[0] = try Self.result(Self.cells[0], .notSupported, stackShape: true)
        let d = Self.decide(results)
        #expect(d.verdict == .notCertified && d.reasons.contains("the mandatory core has no PASS f32 mha no mask case"), "\(d.reasons)")
    }

    @Test func excludedCasesCannotRemoveAFeature() throws {
        let window = "fwd:gen:window:dtype=f32;B=1;Hq=2;Hkv=2;Sq=10;Skv=10;D=8;Dv=8;mask=window;wl=2;wr=0;dist=normal;seed=0"
        let results = try Self.cells.map { try Self.result($0, .pass) } + [try Self.result(window, .notSupported, stackShape: true)]
        let d = Self.decide(results)
        #expect(d.verdict == .notCertified, "\(d.reasons)")
        #expect(d.reasons == ["feature window has no PASS case: the stack's shape rules excluded all 1 case(s) with it, first \(window)"],
                "\(d.reasons)")
    }

    /// The input distribution is test data, not a feature: excluding the only
    /// `uniform` case does not block (the shape cells and features still pass).
    @Test func inputDistributionIsNotAFeature() throws {
        let uniform = "fwd:gen:dist:dtype=f32;B=1;Hq=2;Hkv=2;Sq=10;Skv=10;D=8;Dv=8;mask=causal_br;dist=uniform;seed=0"
        let results = try Self.cells.map { try Self.result($0, .pass) } + [try Self.result(uniform, .notSupported, stackShape: true)]
        let d = Self.decide(results)
        #expect(d.verdict == .certified, "\(d.reasons)")
    }

    /// A real run: Ulysses at P = 4 cannot take Hq = 2, Hkv = 1 (the golden
    /// masks family), while the bare reference can; the result says so.
    @Test func runnerMarksPreambleShapeExclusions() throws {
        let profile = try Fixture.profile("standard")
        let excluded = try #require(profile.ids.first { $0.hasPrefix("fwd:golden:") && $0.contains(";Hq=2;Hkv=1;") })
        let kernel = try AttentionConfiguration(kernel: "reference", preambles: [PreambleSpec(parsing: "ulysses:world=4")])
            .resolve(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
        let results = ConformanceRunner(resolver: CaseResolver(golden: sharedGolden, cache: sharedCache))
            .run(kernel: kernel, ids: [excluded, Self.mhaCore])
        #expect(results[0].verdict == .notSupported && results[0].stackShape == true, "\(results[0])")
        #expect(results[0].reason?.hasPrefix("ulysses:world=4: ") == true, "\(results[0].reason ?? "")")
        #expect(results[1].verdict == .pass && results[1].stackShape == nil, "\(results[1])")
        let bare = ConformanceRunner(resolver: CaseResolver(golden: sharedGolden, cache: sharedCache))
            .run(kernel: ReferenceAttention(), ids: [excluded])
        #expect(bare[0].verdict == .pass && bare[0].stackShape == nil)
    }
}
