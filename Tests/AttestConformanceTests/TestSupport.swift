import AttestCatalog
import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// Shared by every test in this target: problems built once per case id.
let sharedCache = CaseCache()

/// The repository's golden fixtures (nil only when `fixtures/` cannot be read; tests that need it fail then).
let sharedGolden: FixtureGoldenSource? = try? FixtureGoldenSource(directory: Repository.fixtures)

enum Fixture {
    static func profile(_ name: String) throws -> Profile {
        try Profile.load(named: name, from: Repository.profiles)
    }

    static func run(_ kernel: any AttentionKernel, profile: String, selection: RunSelection = RunSelection(),
                    jobs: Int = 2) throws -> CertificationRun {
        Certification.run(kernel: kernel, profile: try self.profile(profile), selection: selection, golden: sharedGolden,
                          cache: sharedCache, jobs: jobs)
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attest-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Records an issue naming every blocking case of `run`.
func expectCertified(_ run: CertificationRun, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let blocking = run.blocking.prefix(5).map { "\($0.verdict.rawValue) \($0.id): \($0.worst?.summary ?? $0.reason ?? "")" }
    #expect(run.verdict == .certified,
            "\(what): \(run.verdict.rawValue); reasons \(run.reasons); first blocking cases:\n\(blocking.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
}
