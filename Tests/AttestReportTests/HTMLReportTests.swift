import AttestConformance
import AttestCore
@testable import AttestReport
import Foundation
import SnapshotTesting
import Testing

/// `index.html` on the hand-built `FixedRun` (snapshot of its data island),
/// on hostile text, and at 10,000 cases. Re-record with `SNAPSHOT_TESTING_RECORD=all`.
@Suite struct HTMLReportTests {
    static let islandStart = "<script type=\"application/json\" id=\"attest-data\">"

    func html(_ run: CertificationRun) throws -> String {
        String(decoding: try HTMLReport().render(run), as: UTF8.self)
    }

    /// The text between the data island's tags.
    func island(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let start = try #require(html.range(of: Self.islandStart), sourceLocation: sourceLocation)
        let end = try #require(html.range(of: "</script>", range: start.upperBound ..< html.endIndex), sourceLocation: sourceLocation)
        return String(html[start.upperBound ..< end.lowerBound])
    }

    /// The island's cases as JSON arrays.
    func cases(_ island: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(island.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        return try #require(object["cases"] as? [[Any]], sourceLocation: sourceLocation)
    }

    @Test func dataIsland() throws {
        assertSnapshot(of: try island(try html(FixedRun.run)), as: .lines)
    }

    @Test func theBannerNamesVerdictReasonsConfigurationAndCertificateHash() throws {
        let run = FixedRun.run
        let page = try html(run)
        #expect(page.contains("<span id=\"verdict\">NOT CERTIFIED</span>"))
        #expect(page.contains("class=\"banner cert-not-certified\""))
        for reason in run.reasons { #expect(page.contains("<li>\(reason)</li>")) }
        #expect(page.contains("<dd id=\"kernel\">tiled</dd>"))
        #expect(page.contains("ulysses:world=2 &gt; tiled"))
        #expect(page.contains(run.policy.id) && run.policy.id.hasPrefix("attest-tolerance/"))
        let certificateHash = Hashing.sha256(try CertificateJSON().render(run))
        #expect(page.contains("<code id=\"certificate-hash\">\(certificateHash)</code>"))
    }

    /// FixedRun: f32 mha holds a PASS, an ERROR and an excluded NOT_SUPPORTED;
    /// f16 gqa the FAIL. NOT_SUPPORTED is counted apart, never as a pass.
    @Test func theHeatMapCountsNotSupportedApart() throws {
        let page = try html(FixedRun.run)
        #expect(page.contains("<title>1 PASS, 1 blocking, 1 NOT_SUPPORTED</title>"))  // f32 × mha
        #expect(page.contains(">✘ 1/2</text>") && page.contains(">+1 ⊘</text>"))
        #expect(page.contains("<title>0 PASS, 0 blocking, 1 NOT_SUPPORTED</title>"))  // f32 × causal_br
        #expect(page.contains(">⊘ 1</text>"))
        #expect(page.contains("<title>0 PASS, 1 blocking, 0 NOT_SUPPORTED</title>"))  // f16 × window
        #expect(page.contains("href=\"#dtype=f16&amp;feature=window\""))
    }

    /// Headroom 0.0125 (the PASS) and 153.6 (the FAIL); the ERROR and the NOT_SUPPORTED have no report.
    @Test func theHeadroomHistogramBinsEachCaseWithAReport() {
        let h = HeadroomHistogram(FixedRun.run.results)
        #expect(h.cases == 2)
        #expect(h.bins.map(\.count) == [0, 0, 0, 1, 0, 0, 0, 1, 0])
        #expect(h.bins.map(\.label) == ["0", "≤1e-3", "≤1e-2", "≤0.1", "≤0.5", "≤1", "≤10", ">10", "NaN"])
        #expect(h.bins.filter { $0.cssClass == "hr-over" }.map(\.label) == ["≤10", ">10", "NaN"])
    }

    @Test func theIslandHoldsEveryCaseWithItsRerunCommand() throws {
        let run = FixedRun.run
        let rows = try cases(try island(try html(run)))
        #expect(rows.map { $0[0] as? String } == run.results.map(\.id))
        // The rerun command is the prefix and the id in single quotes (null), unless quoting it differs.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try island(try html(run)).utf8)) as? [String: Any])
        #expect(object["rerun_prefix"] as? String == "attest certify --kernel tiled --preamble ulysses:world=2 --profile fixed --query ")
        #expect(rows[2][11] is NSNull)
        // The FAIL's o report: f16 factor 2, so the baseline term is 2 · 4.8e-4 and the floor the rest of 1.953125e-3.
        let report = try #require((rows[2][9] as? [[Any]])?.first)
        #expect(report[4] as? Double == 1.953e-3)
        #expect(report[5] as? Double == 9.931e-4)
    }

    @Test func hostileTextStaysText() throws {
        let run = HostileRun.run
        let page = try html(run)
        #expect(page.components(separatedBy: "<script").count - 1 == 2)
        #expect(page.components(separatedBy: "</script>").count - 1 == 2)
        for bad in ["<script>alert", "<img src=x", "<svg onload", "<b>bold"] { #expect(!page.contains(bad), "\(bad)") }
        #expect(page.contains("fwd:gen:x&lt;/script&gt;&lt;script&gt;alert(&quot;id&quot;)"))
        let text = try island(page)
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&") && !text.contains("\u{2028}"))
        let rows = try cases(text)
        #expect(rows[2][0] as? String == HostileRun.scriptID)
        #expect(rows[3][0] as? String == HostileRun.quoteID)
        #expect(rows[3][8] as? String == HostileRun.stderrReason)
        #expect(rows[3][11] as? String == "'it'\\''s a \"case\" & <b>bold</b> \u{1}\u{1b}[31m\u{2028}end'")
    }

    /// 10,000 cases, each with o and lse reports (with element histograms) and ids as long as the standard profile's.
    @Test func tenThousandCasesStayUnderFiveMegabytes() throws {
        var run = FixedRun.run
        let template = run.results[0]
        run.results = (0 ..< 10_000).map { n in
            var r = template
            r.id = "fwd:gen:window:dtype=bf16;B=2;Hq=8;Hkv=2;Sq=\(37 + n % 50);Skv=\(23 + n % 70);D=64;Dv=64;mask=causal_br+window;wl=3;wr=inf;dist=normal;seed=\(n)"
            r.tags = ["bf16", "gqa", "causal_br", "window", "sq_ne_skv", "window"]
            r.errors = r.errors.map { e in
                var e = e
                e.maxAbs = 1.2345678901234567e-7 * Double(n + 1)
                e.headroom = 0.0123456789012345 * Double(n % 97)
                e.histogram = [n % 7, 1234, 30_000 + n, 4567, 89, 1, 0, 0]
                return e
            }
            r.seconds = 0.0123456789 * Double(n)
            return r
        }
        let bytes = try HTMLReport().render(run).count
        #expect(bytes < 5_000_000, "index.html of 10,000 cases is \(bytes) bytes")
        #expect(try cases(try island(try html(run))).count == 10_000)
    }
}
