import AttestCatalog
import AttestConformance
import AttestCore
import AttestReference
import AttestTestSupport
import Foundation
import Testing

struct CertificationTests {
    @Test func referenceIsCertifiedOnSmoke() throws {
        let run = try Fixture.run(ReferenceAttention(), profile: "smoke")
        expectCertified(run, "reference on smoke")
        #expect(run.results.count == run.profile.caseCount && run.results.allSatisfy { $0.verdict == .pass })
        // Every result carries its error report, also on PASS.
        #expect(run.results.allSatisfy { r in r.errors.contains { $0.tensor == "o" && $0.bound > 0 && $0.worstIndex.count == 4 } })
    }

    @Test func scaleMissingKernelIsNotCertified() throws {
        let broken = FakeKernel(name: "scale-missing") { a in var b = a; b.scale = b.scale ?? 1; return b }
        let run = try Fixture.run(broken, profile: "smoke")
        #expect(run.verdict == .notCertified)
        let failures = run.results.filter { $0.verdict == .fail }
        #expect(failures.count >= run.results.count / 2, "only \(failures.count) failures")
        #expect(failures.allSatisfy { $0.worst.map { !$0.passed && $0.headroom > 1 } ?? false })
        #expect(run.reasons.contains { $0.contains("mandatory core") })
    }

    @Test func keyPaddingIgnoredFailsExactlyWhereKeyPaddingIs() throws {
        let broken = FakeKernel(name: "ignores-key-padding") { a in var b = a; b.mask.keyLengths = nil; return b }
        let run = try Fixture.run(broken, profile: "smoke")
        #expect(run.verdict == .notCertified)
        let failures = run.results.filter { $0.verdict == .fail }
        #expect(!failures.isEmpty)
        for f in failures { #expect(f.tags.contains("key_padding"), "\(f.id) failed without key_padding: \(f.tags)") }
        for r in run.results where r.verdict == .pass { #expect(!r.tags.contains("key_padding") || r.tags.contains("prop"), "\(r.id) passed") }
    }

    @Test func undeclaredCapabilityIsNotSupportedButCoreMustPass() throws {
        var caps = KernelCapabilities.complete
        caps.dtypes = [.float32]
        let f32Only = FakeKernel(name: "f32-only", capabilities: caps) { $0 }
        let run = try Fixture.run(f32Only, profile: "smoke")
        expectCertified(run, "an f32-only kernel on smoke")
        #expect(run.results.contains { $0.verdict == .notSupported && ($0.reason ?? "").contains("element type bf16 (supports f32)") })
        caps.features.remove(.causalTopLeft)
        let noCausal = FakeKernel(name: "no-causal-tl", capabilities: caps) { $0 }
        let run2 = try Fixture.run(noCausal, profile: "smoke")
        #expect(run2.verdict == .notCertified && run2.reasons.contains { $0.contains("mandatory core") })
        // The decision names what to declare, not only the first case that did not PASS.
        #expect(run2.reasons.contains("the mandatory core is NOT_SUPPORTED for: feature causal_tl"), "\(run2.reasons)")
    }

    @Test func theCoreNamesEachMissingCapabilityOnce() {
        let cells = ["mha", "gqa"].flatMap { h in ["no_mask", "causal_br", "key_padding"].map { (h, $0) } }
        let results = cells.map { h, m in CaseResult(id: "\(h)-\(m)", verdict: .pass, tags: ["f32", h, m]) }
            + (0 ..< 3).map { CaseResult(id: "c\($0)", verdict: .notSupported, tags: ["f32", "mha", "causal_br"], reason: "feature causal_br") }
            + [CaseResult(id: "p", verdict: .notSupported, tags: ["f32", "gqa", "key_padding"], reason: "features gqa, key_padding")]
        #expect(MandatoryCore.problems(results).last == "the mandatory core is NOT_SUPPORTED for: feature causal_br; features gqa, key_padding")
    }

    @Test func partialRunsCannotCertify() throws {
        let run = try Fixture.run(ReferenceAttention(), profile: "smoke", selection: RunSelection(queries: ["prop:"]))
        #expect(run.verdict == .partial && run.blocking.isEmpty)
        #expect(run.results.allSatisfy { $0.id.hasPrefix("prop:") })
    }

    @Test func executingOtherCasesThanSelectedIsInvalid() {
        let r = CaseResult(id: "a", verdict: .pass, tags: [])
        #expect(CertificationDecision.decide(results: [r], expected: ["a", "b"], partial: false).verdict == .invalid)
        #expect(CertificationDecision.decide(results: [r, r], expected: ["a"], partial: false).verdict == .invalid)
        let h = CaseResult(id: "a", verdict: .harnessError, tags: [], reason: "x")
        #expect(CertificationDecision.decide(results: [h], expected: ["a"], partial: false).verdict == .invalid)
    }
}

/// The golden fixtures from the independent numpy generator.
struct GoldenFixtureTests {
    @Test func fixturesLoadAndEveryGoldenIdIsInStandard() throws {
        let golden = try #require(sharedGolden, "fixtures/ could not be read")
        let ids = try golden.caseIDs()
        #expect(ids.count >= 100, "only \(ids.count) golden cases")
        let standard = Set(try Fixture.profile("standard").ids)
        #expect(ids.allSatisfy(standard.contains))
        let manifest = try golden.manifest
        #expect(manifest.sha256.count == 64 && manifest.hdf5Version.hasPrefix("1.") && !manifest.files.isEmpty)
    }

    /// The reference agrees with the independent oracle on every golden case.
    @Test func referencePassesEveryGoldenCase() throws {
        let run = try Fixture.run(ReferenceAttention(), profile: "standard", selection: RunSelection(queries: ["fwd:golden:", "mha:golden:"]))
        #expect(run.results.count >= 100)
        for r in run.results where r.verdict != .pass {
            Issue.record("\(r.id): \(r.verdict.rawValue) \(r.worst?.summary ?? r.reason ?? "")")
        }
    }

    /// A wrong answer on a golden case fails, naming the family and the features.
    @Test func brokenKernelFailsGoldenCasesWithTags() throws {
        let broken = FakeKernel(name: "causal-swapped") { a in
            var b = a
            if let c = a.mask.causal { b.mask.causal = c == .topLeft ? .bottomRight : .topLeft }
            return b
        }
        let run = try Fixture.run(broken, profile: "standard", selection: RunSelection(queries: ["fwd:golden:masks:"]))
        let failures = run.results.filter { $0.verdict == .fail }
        #expect(!failures.isEmpty)
        for f in failures {
            #expect(f.tags.contains("golden") && f.tags.contains("masks") && (f.tags.contains("causal_tl") || f.tags.contains("causal_br")), "\(f.id) \(f.tags)")
        }
    }
}

/// The mandatory-core rule on hand-made results.
struct MandatoryCoreTests {
    func core(_ heads: String, _ mask: String, _ verdict: Verdict, stackShape: Bool? = nil) -> CaseResult {
        var r = CaseResult(id: "\(heads)-\(mask)-\(verdict)", verdict: verdict, tags: ["f32", heads, mask],
                           reason: verdict == .pass ? nil : "x")
        r.stackShape = stackShape
        return r
    }

    var complete: [CaseResult] {
        ["mha", "gqa"].flatMap { h in ["no_mask", "causal_br", "key_padding"].map { core(h, $0, .pass) } }
    }

    @Test func everyCellPassingIsEnough() {
        #expect(MandatoryCore.problems(complete).isEmpty)
        #expect(MandatoryCore.isCore(["f32", "gqa", "causal_tl", "key_padding"]))
        #expect(!MandatoryCore.isCore(["f32", "gqa", "window"]) && !MandatoryCore.isCore(["f16", "mha", "no_mask"]))
        #expect(!MandatoryCore.isCore(["f32", "mqa", "no_mask"]) && !MandatoryCore.isCore(["f32", "mha", "no_mask", "prop"]))
    }

    @Test func shapeExclusionsAreAllowedCapabilityGapsAreNot() {
        #expect(MandatoryCore.problems(complete + [core("mha", "causal_br", .notSupported, stackShape: true)]).isEmpty)
        #expect(!MandatoryCore.problems(complete + [core("mha", "causal_br", .notSupported)]).isEmpty)
        #expect(!MandatoryCore.problems(complete + [core("gqa", "no_mask", .fail)]).isEmpty)
    }

    @Test func aCellWithoutAPassFails() {
        var results = complete.filter { !($0.tags.contains("gqa") && $0.tags.contains("key_padding")) }
        #expect(MandatoryCore.problems(results).contains { $0.contains("gqa padding") })
        results.append(core("gqa", "key_padding", .notSupported, stackShape: true))
        #expect(MandatoryCore.problems(results).contains { $0.contains("gqa padding") })
    }
}
