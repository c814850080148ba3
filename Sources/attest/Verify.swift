import ArgumentParser
import AttestConformance
import AttestReport
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
        let folder = try asUsage { try ReportFolder.read(URL(fileURLWithPath: directory)) }
        let problems = ReportVerifier.verify(folder, profiles: profileFolder.directory)
        guard problems.isEmpty else {
            print("NOT VERIFIED: \(directory)")
            for p in problems { print("  - \(p)") }
            throw ExitCode(1)
        }
        let run = folder.run
        print("VERIFIED: \(directory): \(run.verdict.rawValue), \(run.configuration), profile \(run.profile.name), \(run.results.count) cases")
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
        let merged = try asUsage {
            try ReportMerger.merge(try directories.map { try ReportFolder.read(URL(fileURLWithPath: $0)) },
                                   profiles: profileFolder.directory, command: canonicalCommand)
        }
        do { try ReportFolder.write(merged, to: URL(fileURLWithPath: out)) } catch {
            FileHandle.standardError.write(Data("error: cannot write the report to \(out): \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(TerminalSummary.render(merged, folder: out))
        throw ExitCode(merged.exitCode)
    }

    /// The command as parsed: `attest merge DIR... --out DIR [--profiles DIR]`, each value shell-quoted.
    var canonicalCommand: String {
        (["attest merge"] + directories.map(Shell.quote) + ["--out", Shell.quote(out)]
            + (profileFolder.profiles.map { ["--profiles", Shell.quote($0)] } ?? [])).joined(separator: " ")
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
