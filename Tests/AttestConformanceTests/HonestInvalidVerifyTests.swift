import AttestConformance
import AttestFixtures
import AttestReference
import AttestReport
import AttestTestSupport
import Foundation
import Testing

/// An honest INVALID: a run whose fixture folder holds an unreadable file is
/// INVALID because its manifest cannot be read, even when every selected
/// case passes. The run model records why (`FixtureManifest.unreadable`), so
/// `attest verify` re-derives the INVALID from the recorded facts and accepts
/// the certificate; a certificate that drops the record is caught.
@Suite struct HonestInvalidVerifyTests {
    /// Certifies the reference on heads.h5's first case over a copy of the
    /// fixtures whose masks.h5 is cut in half, and writes the report and its
    /// profile: (profiles folder, report folder, the run).
    func invalidReport() throws -> (profiles: URL, report: URL, run: CertificationRun) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attest-honest-invalid-\(UUID().uuidString)")
        let fixtures = root.appendingPathComponent("fixtures"), profiles = root.appendingPathComponent("profiles")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.fixtures, to: fixtures)
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        let masks = fixtures.appendingPathComponent("masks.h5")
        let bytes = try Data(contentsOf: masks)
        try bytes.prefix(bytes.count / 2).write(to: masks)
        let id = try #require(try FixtureFile(path: fixtures.appendingPathComponent("heads.h5").path).cases().first).id
        let text = id + "\n"
        try text.write(to: profiles.appendingPathComponent("honest.txt"), atomically: true, encoding: .utf8)
        let run = Certification.run(kernel: ReferenceAttention(), profile: try Profile(name: "honest", text: text),
                                    golden: try FixtureGoldenSource(directory: fixtures))
        let report = root.appendingPathComponent("report")
        try ReportFolder.write(run, to: report)
        return (profiles, report, run)
    }

    @Test func theRunRecordsWhyItsManifestIsMissing() throws {
        let (_, _, run) = try invalidReport()
        #expect(run.verdict == .invalid && run.results.map(\.verdict) == [.pass], "\(run.verdict) \(run.results)")
        let why = try #require(run.fixtures.unreadable)
        #expect(why.contains("masks.h5"), "\(why)")
        #expect(run.reasons == ["the golden fixtures' manifest cannot be read: \(why)"])
    }

    @Test func verifyAcceptsTheHonestInvalid() throws {
        let (profiles, report, run) = try invalidReport()
        let read = try ReportFolder.read(report)
        #expect(read.run.fixtures == run.fixtures, "the record survives certificate.json")
        #expect(ReportVerifier.verify(read, profiles: profiles) == [])
    }

    @Test func verifyNamesACertificateThatDropsTheRecord() throws {
        let (profiles, report, _) = try invalidReport()
        let url = report.appendingPathComponent("certificate.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.contains("\"unreadable\" :") }
        #expect(kept.count == lines.count - 1, "certificate.json records the unreadable manifest on one line")
        try kept.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        #expect(ReportVerifier.verify(try ReportFolder.read(report), profiles: profiles)
            == ["the results give verdict NOT_CERTIFIED, the certificate says INVALID"], "one case is not the mandatory core")
    }
}
