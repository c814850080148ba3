import ArgumentParser
import AttestConformance
import AttestCore
import AttestReport
import Foundation
import Testing
@testable import attest

/// `attest certify`, `verify` and `merge`: the command recorded in the
/// certificate is the parsed one, exit codes, `--shard` parsing, and a real
/// run written, verified and merged through the commands.
@Suite struct CertifyCommandTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path

    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("attest-cli-\(UUID().uuidString)").path
    }

    @Test func theRecordedCommandIsTheParsedOneSpelledCanonically() throws {
        let all = try Certify.parse(["--plain", "--out", "reports", "--jobs", "2", "--profile", "standard", "--all"])
        #expect(all.canonicalCommand == "attest certify --all --profile standard --jobs 2 --plain --out reports")
        let one = try Certify.parse(["--shard", "2/3", "--query", "fwd:gen:*", "--seed", "3", "--kernel", "reference",
                                     "--preamble", "ring:world=4,layout=zigzag", "--profiles", "my profiles"])
        #expect(one.canonicalCommand == "attest certify --kernel reference --preamble ring:layout=zigzag,world=4 "
            + "--profile standard --query 'fwd:gen:*' --seed 3 --shard 2/3 --profiles 'my profiles'")
        let merge = try Merge.parse(["a", "b c", "--out", "m"])
        #expect(merge.canonicalCommand == "attest merge a 'b c' --out m")
    }

    @Test(arguments: ["3/2", "0/2", "1/0", "x", "1/2/3"])
    func aBadShardIsAUsageError(_ shard: String) {
        do {
            _ = try Attest.parseAsRoot(["certify", "--kernel", "reference", "--shard", shard])
            Issue.record("--shard \(shard) parsed")
        } catch {
            #expect(Attest.isUsageError(error), "\(error)")
            #expect(Attest.fullMessage(for: error).contains("--shard must be i/n with 1 <= i <= n, got '\(shard)'"))
        }
    }

    /// The exit code of each verdict (`docs/certificate.md`).
    @Test func exitCodes() throws {
        func run(_ verdict: CertificateVerdict, _ results: [Verdict]) -> CertificationRun {
            CertificationRun(
                configuration: AttentionConfiguration(kernel: "k"), capabilities: .complete, policy: PolicyRecord(.current),
                profile: ProfileRecord(name: "p", sha256: "", caseCount: results.count), selection: RunSelection(),
                fixtures: .none, suite: SuiteRecord(), environment: .unknown, command: "",
                results: results.enumerated().map { CaseResult(id: "c\($0.offset)", verdict: $0.element, tags: []) },
                decision: CertificationDecision(verdict: verdict, reasons: []),
                timing: .init(started: Date(), finished: Date(), wallSeconds: 0, jobs: 1))
        }
        #expect(run(.certified, [.pass, .notSupported]).exitCode == 0)
        #expect(run(.notCertified, [.pass]).exitCode == 1)
        #expect(run(.invalid, [.harnessError]).exitCode == 2)
        #expect(run(.partial, [.pass, .notSupported]).exitCode == 0)
        #expect(run(.partial, [.pass, .fail]).exitCode == 1)
        #expect(run(.partial, [.timeout]).exitCode == 1)
    }

    /// Two shards certified, each verified, merged and the merge verified,
    /// all through the commands; the certificates record the commands as parsed.
    @Test func shardsCertifyVerifyAndMerge() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for i in 1 ... 2 {
            let out = "\(root)/shard-\(i)"
            // In process: a test runs on Swift's cooperative pool, which supervised runs must not block (SupervisedRunner).
            let arguments = ["--kernel", "reference", "--profile", "smoke", "--shard", "\(i)/2", "--plain", "--out", out,
                             "--profiles", Self.profiles, "--in-process"]
            #expect(throws: ExitCode(0)) { try Certify.parse(arguments).run() }
            let folder = try ReportFolder.read(URL(fileURLWithPath: out))
            #expect(folder.run.command == "attest certify --kernel reference --profile smoke --in-process --plain --shard \(i)/2 "
                + "--out \(out) --profiles \(Self.profiles)")
            #expect(folder.run.verdict == .partial && folder.run.suite.name == "attest")
            try Verify.parse([out, "--profiles", Self.profiles]).run()
        }
        let merged = "\(root)/merged"
        #expect(throws: ExitCode(0)) {
            try Merge.parse(["\(root)/shard-1", "\(root)/shard-2", "--out", merged, "--profiles", Self.profiles]).run()
        }
        let folder = try ReportFolder.read(URL(fileURLWithPath: merged))
        #expect(folder.run.verdict == .certified && folder.run.timing.mergedFrom == ["\(root)/shard-1", "\(root)/shard-2"])
        #expect(folder.run.command == "attest merge \(root)/shard-1 \(root)/shard-2 --out \(merged) --profiles \(Self.profiles)")
        try Verify.parse([merged, "--profiles", Self.profiles]).run()
        // A tampered merge does not verify: exit 1.
        let results = URL(fileURLWithPath: merged).appendingPathComponent("results.jsonl")
        let text = try String(contentsOf: results, encoding: .utf8)
        try text.replacingOccurrences(of: "\"verdict\":\"PASS\"", with: "\"verdict\":\"FAIL\"", options: [],
                                      range: text.range(of: "\"verdict\":\"PASS\""))
            .write(to: results, atomically: true, encoding: .utf8)
        #expect(throws: ExitCode(1)) { try Verify.parse([merged, "--profiles", Self.profiles]).run() }
    }
}
