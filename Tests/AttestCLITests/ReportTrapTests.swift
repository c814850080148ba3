import ArgumentParser
import AttestReport
import Foundation
import Testing
@testable import attest

/// Tampered report folders handed back to `attest merge` and `attest verify`:
/// a value out of range, or a profile name that is a path, is a usage error
/// (exit 2) naming the file, the field and the value; a verdict its own
/// numbers contradict is a verification problem (exit 1) naming the case.
@Suite struct ReportTrapTests {
    static let profiles = ArgumentTrapTests.profiles

    /// Shards 1/2 and 2/2 of the reference on smoke, written under a fresh folder.
    func shards() throws -> (root: String, shards: [String]) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attest-report-traps-\(UUID().uuidString)").path
        let shards = (1 ... 2).map { "\(root)/shard-\($0)" }
        for (i, out) in shards.enumerated() {
            let arguments = ["--kernel", "reference", "--profile", "smoke", "--shard", "\(i + 1)/2", "--plain", "--in-process", "--out", out,
                             "--profiles", Self.profiles]
            #expect(throws: ExitCode(0)) { try Certify.parse(arguments).run() }
        }
        return (root, shards)
    }

    /// Replaces the first `original` in `file` of `folder` by `replacement`.
    func edit(_ folder: String, _ file: String, _ original: String, _ replacement: String,
              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = "\(folder)/\(file)"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(text.range(of: original), "'\(original)' not in \(path)", sourceLocation: sourceLocation)
        try text.replacingCharacters(in: range, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func expectUsageError(_ arguments: [String], naming: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        ArgumentTrapTests().expectUsageError(arguments, naming: naming, sourceLocation: sourceLocation)
    }

    @Test(arguments: [("\"count\" : 0", "shard 1/0"), ("\"count\" : -2", "shard 1/-2"), ("\"index\" : 3", "shard 3/2"),
                      ("\"count\" : 9223372036854775807", "1/9223372036854775807")])
    func mergingAShardWithATamperedCountOrIndexIsRefused(_ tampered: String, _ named: String) throws {
        let (root, shards) = try shards()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let original = tampered.hasPrefix("\"index\"") ? "\"index\" : 1" : "\"count\" : 2"
        try edit(shards[0], "certificate.json", original, tampered)
        let arguments = ["merge"] + shards + ["--out", "\(root)/merged", "--profiles", Self.profiles]
        if tampered.contains("9223372036854775807") {
            // In range, and both shards agree: two folders are not 2^63 - 1 shards (and no 1 ... 2^63 array is built).
            try edit(shards[1], "certificate.json", original, tampered)
            expectUsageError(arguments, naming: ["1/9223372036854775807", "2/9223372036854775807"])
        } else {
            expectUsageError(arguments, naming: ["\(shards[0])/certificate.json", named])
        }
    }

    @Test(arguments: ["../profiles/smoke", "/etc/passwd", ""])
    func aCertificateNamingAProfilePathIsRefused(_ name: String) throws {
        let (root, shards) = try shards()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try edit(shards[0], "certificate.json", "\"name\" : \"smoke\"", "\"name\" : \"\(name)\"")
        expectUsageError(["verify", shards[0], "--profiles", Self.profiles], naming: ["profile.name", "'\(name)'"])
    }

    @Test(arguments: [("certificate.json", "\"jobs\" : 1", "\"jobs\" : -1", "run.jobs"),
                      ("certificate.json", "\"seed\" : 0", "\"seed\" : 9223372036854775807", "selection.seed"),
                      ("results.jsonl", "\"time_s\":", "\"time_s\":-1,\"x\":", "time_s -1"),
                      ("results.jsonl", "\"bound\":", "\"bound\":0,\"x\":", "bound 0")])
    func aValueOutOfRangeInAReportIsRefused(_ file: String, _ original: String, _ tampered: String, _ named: String) throws {
        let (root, shards) = try shards()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try edit(shards[0], file, original, tampered)
        expectUsageError(["verify", shards[0], "--profiles", Self.profiles], naming: ["\(shards[0])/\(file)", named])
    }

    /// A PASS whose recorded error exceeds its bound is named with the case id and the numbers (exit 1).
    @Test func aPassContradictedByItsNumbersIsNamed() throws {
        let (root, shards) = try shards()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let results = "\(shards[0])/results.jsonl"
        let line = try #require(try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n").first { $0.contains("\"max_abs\":") })
        let id = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["id"] as! String
        try edit(shards[0], "results.jsonl", "\"max_abs\":", "\"max_abs\":1000,\"x\":")
        let folder = try ReportFolder.read(URL(fileURLWithPath: shards[0]))
        let problems = ReportVerifier.verify(folder, profiles: URL(fileURLWithPath: Self.profiles))
        #expect(problems.contains { $0.contains("case \(id): verdict PASS contradicts") && $0.contains("max_abs 1000.0") }, "\(problems)")
        #expect(problems.contains { $0.contains("case \(id):") && $0.contains("records passed=true but max_abs 1000.0") }, "\(problems)")
        #expect(throws: ExitCode(1)) { try Verify.parse([shards[0], "--profiles", Self.profiles]).run() }
    }
}
