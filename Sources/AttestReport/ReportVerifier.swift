import AttestConformance
import Foundation

/// `attest verify DIR`: rechecks a report folder against itself and its profile.
///
/// 1. the certificate's schema is one this build reads (`Certificate.readableSchemas`);
/// 2. `results.jsonl` hashes to `results.sha256` and has `results.lines` lines;
/// 3. the profile file (same name) hashes to `profile.sha256`;
/// 4. the executed ids equal the selection of the profile (seed, queries, shard), in order;
/// 5. the counts equal the verdicts in the results;
/// 6. the recorded tolerance policy (id and hash) is `policy`, the one this build judges with;
/// 7. each result's verdict follows from its recorded numbers and the policy
///    (`verdictProblems`, `ReportVerifier+Verdicts.swift`);
/// 8. re-deciding the verdict from the results and the recorded fixture set
///    (an unreadable manifest is INVALID) gives the certificate's verdict.
///
/// Every value it reads was range-checked by `ReportFolder.read` (`ReportRanges`),
/// and the profile is found by name only inside `profiles` (`Profile.isValidName`).
public enum ReportVerifier {
    /// The problems found in `folder` (empty: the certificate verifies), with
    /// its profile read from the folder `profiles`.
    public static func verify(_ folder: ReportFolder, profiles: URL, policy: TolerancePolicy = .current) -> [String] {
        let certificate = folder.certificate, run = folder.run
        var problems: [String] = []
        if !Certificate.readableSchemas.contains(certificate.schema) {
            problems.append("schema \(certificate.schema) is not \(Certificate.readableSchemas.sorted().joined(separator: " or "))")
        }
        let hash = Hashing.sha256(folder.resultsData)
        if hash != certificate.results.sha256 {
            problems.append("results.jsonl has SHA-256 \(hash), the certificate records \(certificate.results.sha256)")
        }
        if run.results.count != certificate.results.lines {
            problems.append("results.jsonl has \(run.results.count) lines, the certificate records \(certificate.results.lines)")
        }
        let profile: Profile
        do { profile = try Profile.load(named: run.profile.name, from: profiles) } catch {
            return problems + ["cannot load profile '\(run.profile.name)': \(error)"]
        }
        if profile.sha256 != run.profile.sha256 {
            problems.append("profile '\(profile.name)' has SHA-256 \(profile.sha256), the certificate records \(run.profile.sha256)")
        }
        let expected = run.selection.ids(from: profile.ids)
        if run.results.map(\.id) != expected {
            problems.append("the results hold \(run.results.count) case(s) that are not exactly the \(expected.count) selected from the profile")
        }
        if run.counts != certificate.counts {
            problems.append("counts \(certificate.counts) differ from the results' \(run.counts)")
        }
        if run.policy != PolicyRecord(policy) {
            problems.append("tolerance policy \(run.policy.id) (\(run.policy.sha256.prefix(12))) is not this build's \(policy.id) (\(policy.sha256.prefix(12)))")
        }
        problems += verdictProblems(run.results)
        let decision = CertificationDecision.decide(results: run.results, expected: expected, partial: run.selection.isPartial,
                                                    fixtures: run.fixtures)
        if decision.verdict != run.verdict {
            problems.append("the results give verdict \(decision.verdict.rawValue), the certificate says \(run.verdict.rawValue)")
        }
        return problems
    }
}
