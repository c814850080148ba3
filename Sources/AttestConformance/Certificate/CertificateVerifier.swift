import Foundation

/// `attest verify DIR`: rechecks a report folder against itself and its profile.
///
/// 1. `results.jsonl` hashes to `results.sha256` and has `results.lines` lines;
/// 2. the profile file (same name) hashes to `profile.sha256`;
/// 3. the executed ids equal the selection of the profile (seed, queries, shard), in order;
/// 4. the counts equal the verdicts in the results;
/// 5. the tolerance policy id and hash are this build's;
/// 6. re-deciding the verdict from the results gives the certificate's verdict.
public enum CertificateVerifier {
    /// The problems found (empty: the certificate verifies).
    public static func verify(_ directory: URL, profiles: URL = Profile.defaultDirectory,
                              policy: TolerancePolicy = .v2) throws -> [String] {
        let certificate = try ReportFiles.readCertificate(directory)
        let (data, results) = try ReportFiles.readResults(directory)
        var problems: [String] = []
        if certificate.schema != Certificate.schemaID {
            problems.append("schema \(certificate.schema) is not \(Certificate.schemaID)")
        }
        let hash = Hashing.sha256(data)
        if hash != certificate.results.sha256 {
            problems.append("results.jsonl has SHA-256 \(hash), the certificate records \(certificate.results.sha256)")
        }
        if results.count != certificate.results.lines {
            problems.append("results.jsonl has \(results.count) lines, the certificate records \(certificate.results.lines)")
        }
        let profile: Profile
        do { profile = try Profile.load(named: certificate.profile.name, from: profiles) } catch {
            return problems + ["cannot load profile '\(certificate.profile.name)': \(error)"]
        }
        if profile.sha256 != certificate.profile.sha256 {
            problems.append("profile '\(profile.name)' has SHA-256 \(profile.sha256), the certificate records \(certificate.profile.sha256)")
        }
        let expected = certificate.selection.ids(from: profile.ids)
        if results.map(\.id) != expected {
            problems.append("the results hold \(results.count) case(s) that are not exactly the \(expected.count) selected from the profile")
        }
        if Certificate.counts(results) != certificate.counts {
            problems.append("counts \(certificate.counts.sorted { $0.key < $1.key }) differ from the results' \(Certificate.counts(results).sorted { $0.key < $1.key })")
        }
        if certificate.tolerancePolicy.id != policy.id || certificate.tolerancePolicy.sha256 != policy.sha256 {
            problems.append("tolerance policy \(certificate.tolerancePolicy.id) (\(certificate.tolerancePolicy.sha256.prefix(12))) is not this build's \(policy.id) (\(policy.sha256.prefix(12)))")
        }
        let decision = CertificationDecision.decide(results: results, expected: expected, partial: certificate.selection.isPartial)
        if decision.verdict != certificate.verdict {
            problems.append("the results give verdict \(decision.verdict.rawValue), the certificate says \(certificate.verdict.rawValue)")
        }
        return problems
    }
}
