import AttestConformance
import AttestCore
import AttestReference
import Foundation
import Testing

/// What `Certification.run` records in the run model besides the results.
struct CertificationRunTests {
    /// A golden source whose manifest cannot be read.
    struct UnreadableManifest: GoldenCaseSource {
        struct Broken: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        func caseIDs() throws -> [String] { [] }
        func load(_ id: String) throws -> GoldenProblem { throw Broken() }
        var manifest: FixtureManifest { get throws { throw Broken() } }
    }

    @Test func theRunRecordsWhatItWasGiven() throws {
        let profile = try Fixture.profile("smoke")
        let configuration = AttentionConfiguration(kernel: "reference", preambles: [PreambleSpec(name: "passthrough")])
        let environment = RunEnvironment(os: "os", cpu: "cpu", cores: 3, swift: "6.3", libhdf5: "h", openblas: "o")
        let suite = SuiteRecord(gitCommit: "abc", gitDirty: true)
        let run = Certification.run(kernel: ReferenceAttention(), configuration: configuration, profile: profile,
                                    selection: RunSelection(queries: ["prop:permute_kv:"]), cache: sharedCache, jobs: 2,
                                    provenance: RunProvenance(command: "attest certify --kernel reference", suite: suite,
                                                              environment: environment))
        #expect(run.configuration == configuration && run.capabilities == ReferenceAttention().capabilities)
        #expect(run.policy == PolicyRecord(.current) && run.policy.policy == .current)
        #expect(run.profile == ProfileRecord(name: "smoke", sha256: profile.sha256, caseCount: profile.ids.count))
        #expect(run.command == "attest certify --kernel reference" && run.suite == suite && run.environment == environment)
        #expect(run.fixtures == .none && run.timing.jobs == 2 && run.timing.finished >= run.timing.started)
        #expect(!run.results.isEmpty && run.counts[.pass] == run.results.count && run.verdict == .partial)
    }

    @Test func aRunFromCodeRecordsNoCommandLine() throws {
        let run = Certification.run(kernel: ReferenceAttention(), profile: try Fixture.profile("smoke"),
                                    selection: RunSelection(queries: ["prop:permute_kv:"]), cache: sharedCache)
        #expect(run.command == "(not recorded: run from code)" && run.suite.gitCommit == "unknown" && run.environment == .unknown)
        #expect(run.configuration == AttentionConfiguration(kernel: "reference"))
    }

    @Test func anUnreadableFixtureManifestMakesTheRunInvalid() throws {
        let run = Certification.run(kernel: ReferenceAttention(), profile: try Fixture.profile("smoke"),
                                    selection: RunSelection(queries: ["prop:permute_kv:"]), golden: UnreadableManifest(), cache: sharedCache)
        #expect(run.verdict == .invalid)
        #expect(run.reasons == ["the golden fixtures' manifest cannot be read: disk on fire"])
    }
}
