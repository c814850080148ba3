import AttestConformance
import AttestTensor
import Foundation
import Mustache

/// `reports/index.html`: every report folder of a root in one matrix, one row
/// per configuration, a column for its verdict, one per element type and one
/// per feature (`CaseFacets`), generic over whatever folders hold a
/// certificate. A cell shows the worst of its cases (`✔ N` all pass, `✘ k/N`
/// blocking, `⊘ M` only NOT_SUPPORTED) and links to that folder's
/// `index.html`, filtered to the cell (`#dtype=f16`, `#feature=window`).
public enum OverviewPage {
    /// One configuration: its folder, relative to the overview (the link), and its run.
    public struct Entry {
        public var folder: String
        public var run: CertificationRun
        public init(folder: String, run: CertificationRun) {
            self.folder = folder
            self.run = run
        }
    }

    public static func render(_ entries: [Entry]) throws -> Data {
        let facets = entries.map { $0.run.results.map(CaseFacets.init) }
        let dtypeOrder = DType.allCases.map(\.shortName)
        let dtypes = Set(facets.joined().map(\.dtype)).sorted {
            (dtypeOrder.firstIndex(of: $0) ?? 99, $0) < (dtypeOrder.firstIndex(of: $1) ?? 99, $1)
        }
        let features = Set(facets.joined().flatMap(\.features)).sorted {
            (HeatMap.rowOrder.firstIndex(of: $0) ?? 99, $0) < (HeatMap.rowOrder.firstIndex(of: $1) ?? 99, $1)
        }
        let rows = zip(entries, facets).map { entry, f in
            let link = entry.folder.split(separator: "/").map { HeatMap.urlEncoded(String($0)) }.joined(separator: "/") + "/index.html"
            let run = entry.run
            return Row(name: run.configuration.description, link: link, verdict: run.verdict.rawValue.replacingOccurrences(of: "_", with: " "),
                       verdictIcon: VerdictStyle.icon(run.verdict), verdictClass: run.verdict == .certified ? "hm-pass" : "hm-fail",
                       counts: run.counts.description,
                       cells: dtypes.map { d in Cell(zip(run.results, f).filter { $0.1.dtype == d }.map(\.0), link: link + "#dtype=" + HeatMap.urlEncoded(d)) }
                        + features.map { t in Cell(zip(run.results, f).filter { $0.1.features.contains(t) }.map(\.0),
                                                   link: link + "#feature=" + HeatMap.urlEncoded(t)) })
        }
        let certified = entries.filter { $0.run.verdict == .certified }.count
        let page = Page(summary: "\(certified) of \(entries.count) configuration(s) CERTIFIED",
                        allCertified: certified == entries.count, dtypes: dtypes, features: features, rows: rows)
        return Data(try template.render(page).utf8)
    }

    struct Page {
        var summary: String, allCertified: Bool, dtypes: [String], features: [String], rows: [Row]
        var style = HTMLStyle.css
    }

    struct Row {
        var name: String, link: String, verdict: String, verdictIcon: String, verdictClass: String, counts: String, cells: [Cell]
    }

    struct Cell {
        var state: String, label: String, link: String, title: String
        init(_ results: [CaseResult], link: String) {
            let n = VerdictCounts(results)
            let pass = n[.pass], notSupported = n[.notSupported], blocking = results.count - pass - notSupported
            state = blocking > 0 ? "hm-fail" : pass > 0 ? "hm-pass" : notSupported > 0 ? "hm-ns" : "hm-none"
            label = pass + blocking == 0 ? (notSupported > 0 ? "⊘ \(notSupported)" : "–")
                : blocking > 0 ? "✘ \(blocking)/\(pass + blocking)" : "✔ \(pass)" + (notSupported > 0 ? " +\(notSupported)⊘" : "")
            title = "\(pass) PASS, \(blocking) blocking, \(notSupported) NOT_SUPPORTED"
            self.link = link
        }
    }

    static let template: MustacheTemplate = {
        do { return try MustacheTemplate(string: page) } catch { preconditionFailure("OverviewPage.page does not parse: \(error)") }
    }()

    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Attest reports: {{summary}}</title>
<style>{{{style}}}</style>
</head>
<body>
<header id="banner" class="banner {{#allCertified}}cert-certified{{/allCertified}}{{^allCertified}}cert-not-certified{{/allCertified}}">
  <h1>{{#allCertified}}✔{{/allCertified}}{{^allCertified}}✘{{/allCertified}} <span id="summary">{{summary}}</span></h1>
</header>
<main>
<p>Each row is one configuration's report; each cell links to it, filtered to that element type or feature
(✔ all pass, ✘ blocking of run, ⊘ NOT_SUPPORTED counted apart).</p>
<table class="matrix" id="matrix">
<tr><th class="cfg">configuration</th><th>verdict</th>{{#dtypes}}<th>{{.}}</th>{{/dtypes}}{{#features}}<th>{{.}}</th>{{/features}}</tr>
{{#rows}}<tr><th class="cfg"><a href="{{link}}">{{name}}</a></th><td class="{{verdictClass}}" title="{{counts}}"><a href="{{link}}">{{verdictIcon}} {{verdict}}</a></td>{{#cells}}<td class="{{state}}" title="{{title}}"><a href="{{link}}">{{label}}</a></td>{{/cells}}</tr>
{{/rows}}
</table>
</main>
</body>
</html>

"""#
}
