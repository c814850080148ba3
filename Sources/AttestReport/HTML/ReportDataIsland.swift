import AttestConformance
import Foundation

/// The data island of `index.html` (`<script type="application/json"
/// id="attest-data">`), schema `attest-report-data/1` (`docs/certificate.md`):
/// every case of the run, compact enough that 10,000 cases stay well under
/// 5 MB, for the page's script to build the case tree and its details from.
///
/// Repeated strings are stored once in tables (`families`, `dtypes`,
/// `heads`, `masks`, `shapes`, `tags`) and cases refer to them by index. A
/// case is an array:
///
///     [id, verdict, family, dtype, heads, mask, shape, [tag...], reason|null, [report...], seconds, query|null]
///
/// with `verdict` an index into `verdicts` (worst-of order); the command that
/// reruns the case is `rerun_prefix` followed by `query`, the shell-quoted id
/// (`RerunCommand`), which is null when it is the id in single quotes (most
/// ids; this keeps each id once in the page). A report:
///
///     [tensor, max_abs, max_rel, baseline_max_abs, bound, floor, headroom, [worst index], nonfinite_mismatches, passed 0|1, histogram|null]
///
/// where `histogram` counts the tensor's elements per headroom bin, the bins
/// labelled by `bins` (`ErrorReport.headroomBins`, `HeadroomHistogram.labels`).
/// Numbers are for display, rounded to 4 significant digits
/// (`results.jsonl` keeps them exact); non-finite ones are the strings
/// `"inf"`, `"-inf"`, `"nan"`. `floor` is the part of the bound that is the
/// policy's floor; the rest is the baseline term (`BoundSplit`).
struct ReportDataIsland: Encodable {
    var schema = "attest-report-data/1"
    var verdicts = Verdict.allCases.map(\.rawValue)
    var icons = Verdict.allCases.map(VerdictStyle.icon)
    var bins = HeadroomHistogram.labels
    /// Per bin: whether it is over the bound.
    var over = ErrorReport.headroomBins.indices.map(HeadroomHistogram.isOver)
    var families = StringTable(), dtypes = StringTable(), heads = StringTable(), masks = StringTable(),
        shapes = StringTable(), tags = StringTable()
    var rerunPrefix: String
    var cases: [CaseRow] = []

    enum CodingKeys: String, CodingKey {
        case rerunPrefix = "rerun_prefix"
        case schema, verdicts, icons, bins, over, families, dtypes, heads, masks, shapes, tags, cases
    }

    init(_ run: CertificationRun, facets: [CaseFacets]) {
        let policy = run.policy.policy
        rerunPrefix = RerunCommand.prefix(run)
        for (r, f) in zip(run.results, facets) {
            cases.append(CaseRow(
                id: r.id, verdict: Verdict.allCases.firstIndex(of: r.verdict)!,
                family: families.index(f.family), dtype: dtypes.index(f.dtype), heads: heads.index(f.heads),
                mask: masks.index(f.mask), shape: shapes.index(f.shape), tags: r.tags.map { tags.index($0) },
                reason: r.reason,
                reports: r.errors.map { e in ReportRow(e, floor: policy.flatMap { BoundSplit($0, report: e, dtype: f.dtype)?.floor }) },
                seconds: r.seconds, query: Shell.quote(r.id) == "'\(r.id)'" ? nil : Shell.quote(r.id)))
        }
    }

    /// The island's bytes, safe inside a `<script>` element: JSON whose `<`,
    /// `>`, `&`, U+2028 and U+2029 are written as `\u003c`-style escapes, so
    /// no text from a case (`</script>`, `<!--`) can end or change the element.
    func scriptSafeJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return Self.scriptSafe(String(decoding: try encoder.encode(self), as: UTF8.self))
    }

    /// `json` with the characters that could end or alter a script element escaped (valid JSON in, the same value out).
    static func scriptSafe(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Strings stored once, referred to by index.
    struct StringTable: Encodable {
        private(set) var strings: [String] = []
        private var indices: [String: Int] = [:]
        mutating func index(_ s: String) -> Int {
            if let i = indices[s] { return i }
            strings.append(s)
            indices[s] = strings.count - 1
            return strings.count - 1
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(strings)
        }
    }

    struct CaseRow: Encodable {
        var id: String, verdict: Int, family: Int, dtype: Int, heads: Int, mask: Int, shape: Int, tags: [Int]
        var reason: String?, reports: [ReportRow], seconds: Double, query: String?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(id); try c.encode(verdict); try c.encode(family); try c.encode(dtype); try c.encode(heads)
            try c.encode(mask); try c.encode(shape); try c.encode(tags)
            if let reason { try c.encode(reason) } else { try c.encodeNil() }
            try c.encode(reports); try c.encode(Display(seconds))
            if let query { try c.encode(query) } else { try c.encodeNil() }
        }
    }

    struct ReportRow: Encodable {
        var report: ErrorReport
        var floor: Double?
        init(_ report: ErrorReport, floor: Double?) {
            self.report = report
            self.floor = floor
        }
        func encode(to encoder: any Encoder) throws {
            let e = report
            var c = encoder.unkeyedContainer()
            try c.encode(e.tensor)
            for x in [e.maxAbs, e.maxRel, e.baselineMaxAbs, e.bound] { try c.encode(Display(x)) }
            if let floor { try c.encode(Display(floor)) } else { try c.encodeNil() }
            try c.encode(Display(e.headroom)); try c.encode(e.worstIndex); try c.encode(e.nonFiniteMismatches)
            try c.encode(e.passed ? 1 : 0)
            if let h = e.histogram { try c.encode(h) } else { try c.encodeNil() }
        }
    }

    /// A number rounded to 4 significant digits for display.
    struct Display: Encodable {
        var value: Double
        init(_ value: Double) { self.value = value }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            guard value.isFinite, value != 0 else { return try c.encode(value) }
            try c.encode(Double(String(format: "%.3e", value)) ?? value)
        }
    }
}
