import AttestCore
import Foundation

/// The entry point of the runner: certify a kernel (or a preamble stack) on
/// a profile. Used by `attest certify`, by the tests, and by the mutant zoo's
/// tests:
///
///     let profile = try Profile.load(named: "standard")
///     let run = Certification.run(kernel: myKernel, profile: profile)
///     run.verdict                  // .certified, .notCertified, .invalid, .partial
///     for r in run.results where r.verdict == .fail {
///         print(r.id, r.tags, r.worst?.summary ?? r.reason ?? "")
///     }
public struct CertificationRun: Sendable {
    public var profile: Profile
    public var selection: RunSelection
    /// The ids the selection executes, in profile order.
    public var expectedIDs: [String]
    /// One result per expected id, same order.
    public var results: [CaseResult]
    public var verdict: CertificateVerdict
    public var reasons: [String]
    public var started: Date
    public var finished: Date

    /// Results that block certification.
    public var blocking: [CaseResult] { results.filter { $0.verdict.blocks } }
    public var exitCode: Int32 { verdict.exitCode(blocking: !blocking.isEmpty) }
}

public enum Certification {
    /// Runs the selection of `profile` against `kernel` and decides the verdict.
    public static func run(kernel: any AttentionKernel, profile: Profile, selection: RunSelection = RunSelection(),
                           golden: (any GoldenCaseSource)? = nil, cache: CaseCache? = nil,
                           policy: TolerancePolicy = .v2, jobs: Int = 1,
                           progress: (@Sendable (ConformanceRunner.Progress) -> Void)? = nil) -> CertificationRun {
        let started = Date()
        let cases = selection.cases(from: profile.cases)
        let ids = cases.map(\.id)
        let runner = ConformanceRunner(resolver: CaseResolver(golden: golden, cache: cache), executor: InProcessExecutor(policy: policy))
        let results = runner.run(kernel: kernel, cases: cases, jobs: jobs, progress: progress)
        let decision = CertificationDecision.decide(results: results, expected: ids, partial: selection.isPartial)
        return CertificationRun(profile: profile, selection: selection, expectedIDs: ids, results: results,
                                verdict: decision.verdict, reasons: decision.reasons, started: started, finished: Date())
    }

    /// The certificate of `run`, given the bytes of its `results.jsonl`.
    public static func certificate(for run: CertificationRun, resultsData: Data, configuration: AttentionConfiguration,
                                   capabilities: KernelCapabilities, fixtures: FixtureManifest, policy: TolerancePolicy = .v2,
                                   environment: RunEnvironment, command: String, jobs: Int) -> Certificate {
        let git = SuiteInfo.gitState()
        return Certificate(
            verdict: run.verdict, reasons: run.reasons,
            suite: .init(name: SuiteInfo.name, version: SuiteInfo.version, gitCommit: git.commit, gitDirty: git.dirty),
            profile: .init(name: run.profile.name, sha256: run.profile.sha256, caseCount: run.profile.ids.count),
            selection: run.selection, fixtures: fixtures,
            tolerancePolicy: .init(id: policy.id, sha256: policy.sha256),
            kernel: .init(configuration: configuration, capabilities: capabilities),
            preambles: configuration.preambles.map(\.description), environment: environment,
            counts: Certificate.counts(run.results),
            results: .init(file: ReportFiles.resultsName, sha256: Hashing.sha256(resultsData), lines: run.results.count),
            run: .init(command: command, startedUTC: utc(run.started), finishedUTC: utc(run.finished),
                       wallSeconds: run.finished.timeIntervalSince(run.started), jobs: jobs, mergedFrom: nil))
    }

    static func utc(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
