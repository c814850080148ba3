import AttestConformance
import AttestCore
import AttestReport
import Foundation
import Testing

/// Writing a report folder and reading it back (what verify and merge do).
@Suite struct ReportFolderTests {
    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("attest-report-tests-\(UUID().uuidString)")
    }

    @Test func theRegisteredRenderersWriteResultsThenTheCertificate() {
        #expect(ReportRenderers.files.map(\.fileName) == ["results.jsonl", "index.html", "junit.xml", "certificate.json"])
    }

    /// The files hold everything the model does: reading them back gives the
    /// same run (its instants are whole seconds, as a certificate records them).
    @Test func aWrittenRunReadsBackEqual() throws {
        let dir = temporaryDirectory()
        try ReportFolder.write(FixedRun.run, to: dir)
        let folder = try ReportFolder.read(dir)
        #expect(folder.run == FixedRun.run)
        #expect(folder.run.policy.policy == .current)
        #expect(folder.certificate == Certificate(FixedRun.run, resultsData: folder.resultsData))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                == ["certificate.json", "index.html", "junit.xml", "results.jsonl"])
    }

    @Test func aMissingFileIsNamed() throws {
        let dir = temporaryDirectory()
        try ReportFolder.write(FixedRun.run, to: dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("results.jsonl"))
        #expect(throws: ReportError.unreadable(path: dir.appendingPathComponent("results.jsonl").path)) {
            try ReportFolder.read(dir)
        }
    }

    @Test func aBadResultLineIsNamedByNumber() throws {
        let dir = temporaryDirectory()
        try ReportFolder.write(FixedRun.run, to: dir)
        let url = dir.appendingPathComponent("results.jsonl")
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = "{\"id\": 3}"
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try ReportFolder.read(dir)
            Issue.record("a bad line was read")
        } catch let ReportError.badResultLine(path, line, _) {
            #expect(path == url.path && line == 3)
        }
    }

    @Test(arguments: [
        ("\"dtypes\" : [\n      \"f16\",", "\"dtypes\" : [\n      \"f12\",", "kernel.dtypes"),
        ("\"started_utc\" : \"", "\"started_utc\" : \"yesterday ", "run.started_utc"),
        ("\"ulysses:world=2\"", "\"ulysses:world\"", "preambles[0]"),
    ])
    func aBadCertificateFieldIsNamed(_ original: String, _ replacement: String, _ field: String) throws {
        let dir = temporaryDirectory()
        try ReportFolder.write(FixedRun.run, to: dir)
        let url = dir.appendingPathComponent("certificate.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(original))
        try text.replacingOccurrences(of: original, with: replacement).write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try ReportFolder.read(dir)
            Issue.record("a bad certificate was read")
        } catch let ReportError.badCertificate(path, reason) {
            #expect(path == url.path && reason.hasPrefix("field \(field): "), "\(reason)")
        }
    }
}
