import AttestConformance
import AttestReport
import Foundation
import Testing

/// `attest verify` on the hand-built run, with its profile written beside it.
@Suite struct ReportVerifierTests {
    /// A profile folder holding `fixed.txt` with the run's ids, and the run recording that profile.
    func setUp() throws -> (profiles: URL, report: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attest-verify-tests-\(UUID().uuidString)")
        let profiles = root.appendingPathComponent("profiles")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        var run = FixedRun.run
        let text = run.results.map(\.id).joined(separator: "\n") + "\n"
        try text.write(to: profiles.appendingPathComponent("fixed.txt"), atomically: true, encoding: .utf8)
        run.profile = ProfileRecord(try Profile(name: "fixed", text: text))
        let report = root.appendingPathComponent("report")
        try ReportFolder.write(run, to: report)
        return (profiles, report)
    }

    /// Rewrites one line of the certificate.
    func edit(_ report: URL, _ original: String, _ replacement: String) throws {
        let url = report.appendingPathComponent("certificate.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(original), "\(original)")
        try text.replacingOccurrences(of: original, with: replacement).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func anUntouchedReportVerifies() throws {
        let (profiles, report) = try setUp()
        #expect(ReportVerifier.verify(try ReportFolder.read(report), profiles: profiles) == [])
    }

    /// Version 1 certificates differ only in how `run.command` was spelled.
    @Test func schemaOneStillVerifiesAnOtherSchemaDoesNot() throws {
        let (profiles, report) = try setUp()
        try edit(report, "\"attest-certificate/2\"", "\"attest-certificate/1\"")
        #expect(ReportVerifier.verify(try ReportFolder.read(report), profiles: profiles) == [])
        try edit(report, "\"attest-certificate/1\"", "\"attest-certificate/9\"")
        #expect(ReportVerifier.verify(try ReportFolder.read(report), profiles: profiles)
            == ["schema attest-certificate/9 is not attest-certificate/1 or attest-certificate/2"])
    }

    @Test func anotherPolicyAVerdictOrCountsChangedAreEachNamed() throws {
        let (profiles, report) = try setUp()
        try edit(report, "\"id\" : \"\(TolerancePolicy.current.id)\"", "\"id\" : \"attest-tolerance/1\"")
        try edit(report, "\"verdict\" : \"NOT_CERTIFIED\"", "\"verdict\" : \"CERTIFIED\"")
        try edit(report, "\"ERROR\" : 1", "\"ERROR\" : 0")
        let problems = ReportVerifier.verify(try ReportFolder.read(report), profiles: profiles)
        let policy = TolerancePolicy.current
        #expect(problems == [
            "counts PASS 1, NOT_SUPPORTED 1, FAIL 1, ERROR 0, TIMEOUT 0, CRASH 0, HARNESS_ERROR 0 differ from the results' "
                + "PASS 1, NOT_SUPPORTED 1, FAIL 1, ERROR 1, TIMEOUT 0, CRASH 0, HARNESS_ERROR 0",
            "tolerance policy attest-tolerance/1 (\(policy.sha256.prefix(12))) is not this build's \(policy.id) (\(policy.sha256.prefix(12)))",
            "the results give verdict NOT_CERTIFIED, the certificate says CERTIFIED",
        ])
    }

    @Test func aChangedProfileIsNamed() throws {
        let (profiles, report) = try setUp()
        let url = profiles.appendingPathComponent("fixed.txt")
        try (try String(contentsOf: url, encoding: .utf8) + "# a comment\n").write(to: url, atomically: true, encoding: .utf8)
        let problems = ReportVerifier.verify(try ReportFolder.read(report), profiles: profiles)
        #expect(problems.count == 1 && problems[0].hasPrefix("profile 'fixed' has SHA-256 "), "\(problems)")
    }
}
