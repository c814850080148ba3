import ArgumentParser
import AttestConformance
import Foundation

/// `attest verify DIR`: recheck a certificate against its results and its profile.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recheck a report folder's certificate against its results.jsonl and its profile.",
        discussion: "Exit codes: 0 verified, 1 problems found, 2 unreadable folder.")

    @Argument(help: "A report folder holding certificate.json and results.jsonl.")
    var directory: String

    @OptionGroup var profileFolder: ProfileFolderOption

    func run() throws {
        let problems = try asUsage {
            try CertificateVerifier.verify(URL(fileURLWithPath: directory),
                                           profiles: profileFolder.directory)
        }
        guard problems.isEmpty else {
            print("NOT VERIFIED: \(directory)")
            for p in problems { print("  - \(p)") }
            throw ExitCode(1)
        }
        let c = try ReportFiles.readCertificate(URL(fileURLWithPath: directory))
        print("VERIFIED: \(directory): \(c.verdict.rawValue), \(c.kernel.configuration), profile \(c.profile.name), \(c.results.lines) cases")
    }
}

/// `attest merge`: join shard folders into one certificate.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the report folders of shards 1/n ... n/n into one certificate.",
        discussion: "Exit codes as for certify: 0 certified, 1 not certified, 2 invalid or unusable shards.")

    @Argument(help: "The shard report folders.")
    var directories: [String]

    @Option(help: "Where to write the merged report.")
    var out: String

    @OptionGroup var profileFolder: ProfileFolderOption

    func run() throws {
        let c = try asUsage {
            try CertificateMerger.merge(directories.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out),
                                        profiles: profileFolder.directory)
        }
        print(Summary.render(c, folder: out))
        throw ExitCode(c.verdict.exitCode(blocking: Verdict.allCases.contains { $0.blocks && (c.counts[$0.rawValue] ?? 0) > 0 }))
    }
}

/// `attest cases`: print the ids of a profile, or generate a profile's text.
struct Cases: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the case ids of a profile (or generate a profile file).")

    @OptionGroup var cases: ProfileSelectionOptions

    @Option(help: "Print the text of profile NAME as ProfileBuilder makes it (to regenerate profiles/NAME.txt).")
    var generate: String?

    func run() throws {
        if let generate {
            let golden = try asUsage { try GoldenFixtures.source()?.caseIDs() ?? [] }
            print(try asUsage { try ProfileBuilder.text(generate, goldenIDs: golden) }, terminator: "")
            return
        }
        let loaded = try cases.load()
        for id in RunSelection(seed: cases.seed, queries: cases.query).ids(from: loaded.ids) { print(id) }
    }
}
