import AttestConformance
import AttestReport
import Foundation
import SnapshotTesting
import Testing

/// Each renderer on the hand-built `FixedRun`, against its snapshot in
/// `__Snapshots__/RendererSnapshotTests/`. Re-record with
/// `SNAPSHOT_TESTING_RECORD=all` (then check the diff in and rerun without it).
@Suite struct RendererSnapshotTests {
    let run = FixedRun.run

    @Test func certificateJSON() throws {
        let text = String(decoding: try CertificateJSON().render(run), as: UTF8.self)
        assertSnapshot(of: text, as: .lines)
    }

    @Test func resultsJSONL() throws {
        let text = String(decoding: try ResultsJSONL().render(run), as: UTF8.self)
        assertSnapshot(of: text, as: .lines)
    }

    @Test func terminalSummary() {
        assertSnapshot(of: TerminalSummary.render(run, folder: "reports/fixed"), as: .lines)
    }

    @Test func failureLines() {
        let lines = FailureLines.render(run) { "attest certify --profile fixed --query '\($0)'" }
        #expect(lines.count == run.blocking.count && lines.count == 2)
        assertSnapshot(of: lines.joined(separator: "\n"), as: .lines)
    }

    /// A certified run has no reason lines and no failure lines.
    @Test func certifiedSummary() {
        var certified = run
        certified.results = [run.results[0]]
        certified.decision = CertificationDecision(verdict: .certified, reasons: [])
        #expect(FailureLines.render(certified) { $0 }.isEmpty)
        assertSnapshot(of: TerminalSummary.render(certified, folder: "out"), as: .lines)
    }
}
