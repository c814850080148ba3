import AttestConformance
@testable import AttestReport
import Foundation
import SnapshotTesting
import Testing

/// `reports/index.html` over two configurations (snapshot), and
/// `attest report --baseline` on hand-made changes between two runs.
@Suite struct OverviewAndBaselineTests {
    /// FixedRun with only its PASS and NOT_SUPPORTED cases, certified.
    static var certified: CertificationRun {
        var run = FixedRun.run
        run.configuration = .init(kernel: "reference")
        run.results = Array(run.results[0 ... 1])
        run.decision = CertificationDecision(verdict: .certified, reasons: [])
        return run
    }

    @Test func overview() throws {
        let data = try OverviewPage.render([
            .init(folder: "reference", run: Self.certified),
            .init(folder: "tiled+ulysses-world=2", run: FixedRun.run),
        ])
        assertSnapshot(of: String(decoding: data, as: UTF8.self), as: .lines)
    }

    /// Each cell links to its folder's page filtered to it; a `+` in a folder name is percent-encoded.
    @Test func overviewCellsLinkToTheFilteredReport() throws {
        let page = String(decoding: try OverviewPage.render([.init(folder: "tiled+ulysses-world=2", run: FixedRun.run)]), as: UTF8.self)
        #expect(page.contains("<span id=\"summary\">0 of 1 configuration(s) CERTIFIED</span>"))
        #expect(page.contains("href=\"tiled%2Bulysses-world%3D2/index.html#dtype=f16\""))
        #expect(page.contains("<td class=\"hm-fail\" title=\"0 PASS, 1 blocking, 0 NOT_SUPPORTED\"><a href=\"tiled%2Bulysses-world%3D2/index.html#feature=window\">✘ 1/1</a></td>"))
    }

    @Test func baselineFindsNewFailuresFixesAndDrift() {
        let old = FixedRun.run
        var new = old
        new.results[0].verdict = .fail                      // PASS -> FAIL: new failure
        new.results[2].verdict = .pass                      // FAIL -> PASS: fix, headroom 153.6 -> 0.5: drift
        new.results[2].errors[0].headroom = 0.5
        new.results[3].id = "prop:determinism:default:dtype=f32;B=1;Hq=2;Hkv=2;Sq=4;Skv=4;D=8;Dv=8;mask=none;dist=normal;seed=9"
        let b = ReportBaseline(old: old, new: new)
        #expect(b.newFailures.map(\.id) == [FixedRun.pass, new.results[3].id])
        #expect(b.fixes.map(\.id) == [FixedRun.fail])
        #expect(b.drift == [.init(id: FixedRun.fail, old: 153.6, new: 0.5)])
        #expect(b.onlyInOld == 1 && b.onlyInNew == 1)
    }

    /// Below `driftFloor` (0.01) or within a factor of 2, headroom changes are noise.
    @Test func smallHeadroomChangesAreNotDrift() {
        var old = FixedRun.run, new = FixedRun.run
        old.results[0].errors[0].headroom = 0.004
        new.results[0].errors[0].headroom = 0.009
        new.results[2].errors[0].headroom = 153.6 * 1.9
        #expect(ReportBaseline(old: old, new: new).drift.isEmpty)
    }
}
