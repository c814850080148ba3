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

    @Option(help: "Folder holding the profiles (default ./profiles or the source tree's).")
    var profiles: String?

    func run() throws {
        let problems = try asUsage {
            try CertificateVerifier.verify(URL(fileURLWithPath: directory),
                                           profiles: profiles.map { URL(fileURLWithPath: $0) } ?? Profile.defaultDirectory)
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

    @Option(help: "Folder holding the profiles (default ./profiles or the source tree's).")
    var profiles: String?

    func run() throws {
        let c = try asUsage {
            try CertificateMerger.merge(directories.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out),
                                        profiles: profiles.map { URL(fileURLWithPath: $0) } ?? Profile.defaultDirectory)
        }
        print(Summary.render(c, folder: out))
        throw ExitCode(c.verdict.exitCode(blocking: Verdict.allCases.contains { $0.blocks && (c.counts[$0.rawValue] ?? 0) > 0 }))
    }
}

/// `attest cases`: print the ids of a profile, or generate a profile's text.
struct Cases: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the case ids of a profile (or generate a profile file).")

    @Option(help: "The profile: profiles/<name>.txt.")
    var profile: String = "standard"

    @Option(help: "Only ids starting with this prefix or matching this * pattern. Repeatable.")
    var query: [String] = []

    @Option(help: "Added to the seed of every generated and property case.")
    var seed: Int = 0

    @Option(help: "Print the text of profile NAME as ProfileBuilder makes it (to regenerate profiles/NAME.txt).")
    var generate: String?

    @Option(help: "Folder holding the profiles (default ./profiles or the source tree's).")
    var profiles: String?

    func run() throws {
        if let generate {
            let golden = try asUsage { try GoldenFixtures.source()?.caseIDs() ?? [] }
            print(try asUsage { try ProfileBuilder.text(generate, goldenIDs: golden) }, terminator: "")
            return
        }
        let loaded = try asUsage {
            try Profile.load(named: profile, from: profiles.map { URL(fileURLWithPath: $0) } ?? Profile.defaultDirectory)
        }
        for id in RunSelection(seed: seed, queries: query).ids(from: loaded.ids) { print(id) }
    }
}
