import AttestCatalog
import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import Foundation
import Testing

/// Shared by every test in this target: problems built once per case id.
let sharedCache = CaseCache()

/// The repository's golden fixtures (nil only when `fixtures/` cannot be read; tests that need it fail then).
let sharedGolden: FixtureGoldenSource? = try? FixtureGoldenSource(directory: Repository.fixtures)

/// The repository's folders, found from this file's path (`<root>/Tests/AttestConformanceTests/TestSupport.swift`).
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let profiles = root.appendingPathComponent("profiles")
    static let fixtures = root.appendingPathComponent("fixtures")
}

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

/// A kernel that runs the reference on arguments changed by `edit` (the broken kernels of these tests).
struct EditedReference: AttentionKernel {
    var name: String
    var capabilities: KernelCapabilities = .complete
    var edit: @Sendable (AttentionArguments) -> AttentionArguments

    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try ReferenceAttention().forward(edit(args), into: output)
    }
}

/// A kernel that runs the reference and then changes what it wrote.
struct PostEditedReference: AttentionKernel {
    var name: String
    var capabilities: KernelCapabilities = .complete
    var after: @Sendable (AttentionArguments, AttentionOutput) -> Void

    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try ReferenceAttention().forward(args, into: output)
        after(args, output)
    }
}
