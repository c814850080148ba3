import AttestConformance

/// One line per blocking case of a run: its verdict, its id, the worst error
/// against its bound (for FAIL, else the reason), and the command that reruns
/// just that case (`rerun(id)`, which the command-line tool spells).
public enum FailureLines {
    public static func render(_ run: CertificationRun, rerun: (String) -> String) -> [String] {
        run.blocking.map { r in
            let detail = r.verdict == .fail ? (r.errors.first { !$0.passed }?.summary ?? r.reason ?? "") : (r.reason ?? "")
            return "\(r.verdict.rawValue) \(r.id)  \(detail)  rerun: \(rerun(r.id))"
        }
    }
}
