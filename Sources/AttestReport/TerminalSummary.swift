import AttestConformance

/// What `attest certify` and `attest merge` print when a run is written: the
/// verdict with the configuration, profile and counts, one line per reason,
/// and where the certificate is.
///
///     CERTIFIED: reference on profile smoke (PASS 26, NOT_SUPPORTED 0, FAIL 0, ERROR 0, TIMEOUT 0, CRASH 0, HARNESS_ERROR 0)
///     report: reports/reference/certificate.json
public enum TerminalSummary {
    public static func render(_ run: CertificationRun, folder: String) -> String {
        var lines = ["\(run.verdict.rawValue): \(run.configuration) on profile \(run.profile.name) (\(run.counts))"]
        lines += run.reasons.map { "  - \($0)" }
        lines.append("report: \(folder)/\(CertificateJSON.fileName)")
        return lines.joined(separator: "\n")
    }
}
