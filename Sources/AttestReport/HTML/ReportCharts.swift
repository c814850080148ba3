import AttestConformance
import AttestCore
import AttestTensor
import Foundation

/// The pictures of `index.html`, computed from the run as geometry the
/// template draws as inline SVG (every label goes through the template's
/// escaping): the counts per verdict, the feature × element-type heat-map
/// and the headroom distribution.
struct ReportCharts {
    var verdictBars: [VerdictBar]
    var heatMap: HeatMap
    var headroom: HeadroomHistogram

    init(_ run: CertificationRun, facets: [CaseFacets]) {
        let counts = run.counts
        let most = max(1, Verdict.allCases.map { counts[$0] }.max() ?? 1)
        verdictBars = Verdict.allCases.enumerated().map { n, v in
            VerdictBar(verdict: v.rawValue, icon: VerdictStyle.icon(v), cssClass: VerdictStyle.cssClass(v), count: counts[v],
                       y: n * 24, width: counts[v] == 0 ? 0 : max(2, counts[v] * 400 / most))
        }
        heatMap = HeatMap(run.results, facets: facets)
        headroom = HeadroomHistogram(run.results)
    }

    /// Template values are stored properties: the template engine reads values by reflection.
    struct VerdictBar {
        var verdict: String, icon: String, cssClass: String, count: Int, y: Int, width: Int, textY: Int, countX: Int
        init(verdict: String, icon: String, cssClass: String, count: Int, y: Int, width: Int) {
            (self.verdict, self.icon, self.cssClass, self.count, self.y, self.width) = (verdict, icon, cssClass, count, y, width)
            textY = y + 16
            countX = 180 + width + 6
        }
    }
}

/// Feature (rows) by element type (columns). A cell counts its cases: PASS,
/// blocking (FAIL, ERROR, TIMEOUT, CRASH, HARNESS_ERROR) and NOT_SUPPORTED,
/// the last counted apart and drawn grey, never as a pass. A case counts in
/// every feature row it carries (`CaseFacets.features`).
struct HeatMap {
    var columns: [Column]
    var rows: [Row]
    var width: Int
    var height: Int
    static let cellWidth = 96, cellHeight = 34

    struct Column {
        var name: String, x: Int, textX: Int
        init(name: String, x: Int) { (self.name, self.x, textX) = (name, x, x + HeatMap.cellWidth / 2) }
    }
    struct Row {
        var name: String, y: Int, cells: [Cell], textY: Int
        init(name: String, y: Int, cells: [Cell]) { (self.name, self.y, self.cells, textY) = (name, y, cells, y + 21) }
    }
    struct Cell {
        var x: Int, y: Int, pass: Int, blocking: Int, notSupported: Int
        /// `#dtype=…&feature=…`: the case list filtered to this cell.
        var link: String
        var state: String, label: String, notSupportedLabel: String, title: String
        var textX: Int, textY: Int, subY: Int
        init(x: Int, y: Int, pass: Int, blocking: Int, notSupported: Int, link: String) {
            (self.x, self.y, self.pass, self.blocking, self.notSupported, self.link) = (x, y, pass, blocking, notSupported, link)
            state = blocking > 0 ? "hm-fail" : pass > 0 ? "hm-pass" : notSupported > 0 ? "hm-ns" : "hm-none"
            let run = pass + blocking
            label = run == 0 ? (notSupported > 0 ? "⊘ \(notSupported)" : "–") : blocking > 0 ? "✘ \(blocking)/\(run)" : "✔ \(pass)"
            notSupportedLabel = notSupported > 0 && run > 0 ? "+\(notSupported) ⊘" : ""
            title = "\(pass) PASS, \(blocking) blocking, \(notSupported) NOT_SUPPORTED"
            (textX, textY, subY) = (x + HeatMap.cellWidth / 2, y + 15, y + 28)
        }
    }

    /// Row order: head groupings, `no_mask`, the mask features, then the
    /// other feature tags in `CaseTags` order; any other tag after, sorted.
    static let rowOrder = ["mha", "gqa", "mqa", "no_mask"] + AttentionFeature.masks.map(\.rawValue)
        + ["scale", "softcap", "bias", "alibi", "dv_ne_d", "sq_ne_skv"]

    /// `s` percent-encoded for a URL hash parameter (letters, digits and `-_.` kept).
    static func urlEncoded(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    init(_ results: [CaseResult], facets: [CaseFacets]) {
        let dtypeOrder = DType.allCases.map(\.shortName)
        let dtypes = Set(facets.map(\.dtype)).sorted { (dtypeOrder.firstIndex(of: $0) ?? 99, $0) < (dtypeOrder.firstIndex(of: $1) ?? 99, $1) }
        let features = Set(facets.flatMap(\.features)).sorted {
            (Self.rowOrder.firstIndex(of: $0) ?? 99, $0) < (Self.rowOrder.firstIndex(of: $1) ?? 99, $1)
        }
        var tally: [String: [String: (Int, Int, Int)]] = [:]
        for (r, f) in zip(results, facets) {
            for feature in f.features {
                var t = tally[feature, default: [:]][f.dtype, default: (0, 0, 0)]
                if r.verdict == .pass { t.0 += 1 } else if r.verdict == .notSupported { t.2 += 1 } else { t.1 += 1 }
                tally[feature, default: [:]][f.dtype] = t
            }
        }
        width = 150 + dtypes.count * Self.cellWidth
        height = 24 + features.count * Self.cellHeight
        columns = dtypes.enumerated().map { Column(name: $1, x: 150 + $0 * Self.cellWidth) }
        rows = features.enumerated().map { n, feature in
            let y = 24 + n * Self.cellHeight
            return Row(name: feature, y: y, cells: dtypes.enumerated().map { c, dtype in
                let t = tally[feature]?[dtype] ?? (0, 0, 0)
                return Cell(x: 150 + c * Self.cellWidth, y: y, pass: t.0, blocking: t.1, notSupported: t.2,
                            link: "#dtype=\(Self.urlEncoded(dtype))&feature=\(Self.urlEncoded(feature))")
            })
        }
    }
}

/// How close to its bound each case ran: the worst report's headroom
/// (max |T − G| / bound, `CaseResult.worst`) of every case that has one,
/// in the bins of `ErrorReport.headroomBins`, plus one for NaN; the bins past
/// the edge 1 are over the bound.
struct HeadroomHistogram {
    var bins: [Bin]
    var cases: Int

    /// `0`, `≤1e-3`, …, `≤10`, `>10`: one label per bin of `ErrorReport.headroomBins`.
    static let labels: [String] = ErrorReport.headroomBins.enumerated().map { i, edge in
        func text(_ x: Double) -> String { x >= 0.1 ? (x == x.rounded() ? "\(Int(x))" : "\(x)") : "1e\(Int(log10(x).rounded()))" }
        return i == 0 ? "0" : edge.isInfinite ? ">" + text(ErrorReport.headroomBins[i - 1]) : "≤" + text(edge)
    }
    /// Whether bin `i` is over the bound (its lower edge is 1 or more).
    static func isOver(_ i: Int) -> Bool { i > 0 && i < ErrorReport.headroomBins.count && ErrorReport.headroomBins[i - 1] >= 1 }

    struct Bin {
        var label: String, count: Int, x: Int, height: Int, y: Int, textX: Int, countY: Int, cssClass: String
        init(label: String, count: Int, x: Int, height: Int, over: Bool) {
            (self.label, self.count, self.x, self.height) = (label, count, x, height)
            (y, textX, countY, cssClass) = (130 - height, x + 28, 126 - height, over ? "hr-over" : "hr-ok")
        }
    }

    init(_ results: [CaseResult]) {
        let nanBin = ErrorReport.headroomBins.count
        var counts = Array(repeating: 0, count: nanBin + 1)
        var n = 0
        for r in results {
            guard let h = r.worst?.headroom else { continue }
            n += 1
            counts[h.isNaN ? nanBin : ErrorReport.bin(ofHeadroom: h)] += 1
        }
        cases = n
        let most = max(1, counts.max() ?? 1)
        bins = (Self.labels + ["NaN"]).enumerated().map { i, label in
            Bin(label: label, count: counts[i], x: 40 + i * 62, height: counts[i] == 0 ? 0 : max(2, counts[i] * 110 / most),
                over: i == nanBin || Self.isOver(i))
        }
    }
}
