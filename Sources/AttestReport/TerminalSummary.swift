import AttestConformance

/// What `attest certify` and `attest merge` print when a run is written: the
/// verdict with the configuration, profile and counts, one line per reason;
/// for a run with blocking cases, those cases grouped by element type and
/// feature (`CaseFacets`; a case counts under each of its features) and, for
/// the worst `worstShown` of them (worse verdict first, then larger
/// headroom), the error against the bound (or the reason's first line) and
/// the command that reruns it; then where the report is.
///
///     NOT_CERTIFIED: tiled on profile smoke (PASS 14, NOT_SUPPORTED 0, FAIL 12, …)
///       - 12 FAIL case(s), first fwd:gen:smoke:…
///     blocking cases by element type and feature:
///       f32: 8 FAIL
///       causal_tl: 4 FAIL
///     worst 3 of 12:
///       FAIL fwd:gen:smoke:dtype=f32;…
///         o: max|err| 2.46e+00 > bound 4.15e-06 (headroom 5.931e+05) at [1, 0, 2, 2]
///         rerun: attest certify --kernel tiled --profile smoke --query '…'
///     report: reports/tiled/index.html (certificate reports/tiled/certificate.json)
public enum TerminalSummary {
    public static let worstShown = 3

    public static func render(_ run: CertificationRun, folder: String) -> String {
        var lines = ["\(run.verdict.rawValue): \(run.configuration) on profile \(run.profile.name) (\(run.counts))"]
        lines += run.reasons.map { "  - \($0)" }
        let blocking = run.blocking
        if !blocking.isEmpty {
            lines.append("blocking cases by element type and feature:")
            var groups: [String: [Verdict: Int]] = [:], order: [String] = []
            for r in blocking {
                let f = CaseFacets(r)
                for key in [f.dtype] + f.features {
                    if groups[key] == nil { order.append(key) }
                    groups[key, default: [:]][r.verdict, default: 0] += 1
                }
            }
            for key in order {
                let counts = Verdict.allCases.compactMap { v in groups[key]![v].map { "\($0) \(v.rawValue)" } }
                lines.append("  \(key): \(counts.joined(separator: ", "))")
            }
            let worst = blocking.sorted { a, b in
                (a.verdict, headroom(a)) > (b.verdict, headroom(b))
            }.prefix(worstShown)
            lines.append("worst \(worst.count) of \(blocking.count):")
            for r in worst {
                lines.append("  \(r.verdict.rawValue) \(r.id)")
                let detail = r.errors.first { !$0.passed }.map { r.worst?.summary ?? $0.summary } ?? r.reason.map { String($0.prefix { $0 != "\n" }) }
                if let detail { lines.append("    \(detail)") }
                lines.append("    rerun: \(RerunCommand.text(run, id: r.id))")
            }
        }
        lines.append("report: \(folder)/\(HTMLReport.fileName) (certificate \(folder)/\(CertificateJSON.fileName))")
        return lines.joined(separator: "\n")
    }

    /// The worst report's headroom, NaN counted as the largest.
    private static func headroom(_ r: CaseResult) -> Double {
        guard let h = r.worst?.headroom else { return -1 }
        return h.isNaN ? .infinity : h
    }
}
