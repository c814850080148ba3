import AttestCore
import Foundation

/// The entry point of the runner: certify a kernel (or a preamble stack) on
/// a profile. Used by `attest certify`, by the tests, and by the mutant zoo's
/// tests; returns the run model (`CertificationRun`) that every report is
/// rendered from.
public enum Certification {
    /// Runs the selection of `profile` against `kernel`, judged by `policy`,
    /// and decides the verdict.
    ///
    /// - `configuration`: what `kernel` was resolved from (recorded in the
    ///   certificate); default: the kernel alone, by its name.
    /// - `golden`: the golden fixtures; its manifest is recorded. A manifest
    ///   that cannot be read makes the run INVALID (it is a harness fault).
    /// - `provenance`: the command, suite git state and machine, which only
    ///   the caller knows (`.unrecorded` from code).
    /// - `runner`: what executes the cases; default: `ConformanceRunner` on
    ///   `jobs` threads of this process, resolving ids with `golden` and
    ///   `cache` and judging with `policy`. `attest certify` passes a
    ///   `SupervisedRunner`, whose workers judge with the same policy, or for
    ///   `--exec` an `ExternalRunner`.
    /// - `external`: the external kernel's record, for the certificate.
    public static func run(kernel: any AttentionKernel, configuration: AttentionConfiguration? = nil, profile: Profile,
                           selection: RunSelection = RunSelection(), golden: (any GoldenCaseSource)? = nil,
                           cache: CaseCache? = nil, policy: TolerancePolicy = .current, jobs: Int = 1,
                           provenance: RunProvenance = .unrecorded, runner: (any CaseRunner)? = nil,
                           external: ExternalKernelRecord? = nil,
                           progress: (@Sendable (ConformanceRunner.Progress) -> Void)? = nil) -> CertificationRun {
        let started = Date()
        let cases = selection.cases(from: profile.cases)
        let ids = cases.map(\.id)
        let results: [CaseResult]
        if let runner {
            results = runner.run(kernel: kernel, ids: ids, jobs: jobs, progress: progress)
        } else {
            // In process, the typed cases go straight to the runner (no id is parsed again).
            let local = ConformanceRunner(resolver: CaseResolver(golden: golden, cache: cache), executor: InProcessExecutor(policy: policy))
            results = local.run(kernel: kernel, cases: cases, jobs: jobs, progress: progress)
        }
        var decision = CertificationDecision.decide(results: results, expected: ids, partial: selection.isPartial)
        var fixtures = FixtureManifest.none
        do { fixtures = try golden?.manifest ?? .none } catch {
            decision = CertificationDecision(verdict: .invalid, reasons: ["the golden fixtures' manifest cannot be read: \(error)"])
        }
        let finished = Date()
        return CertificationRun(
            configuration: configuration ?? AttentionConfiguration(kernel: kernel.name), capabilities: kernel.capabilities,
            policy: PolicyRecord(policy), profile: ProfileRecord(profile), selection: selection, fixtures: fixtures,
            suite: provenance.suite, environment: provenance.environment, command: provenance.command,
            results: results, decision: decision,
            timing: .init(started: started, finished: finished, wallSeconds: finished.timeIntervalSince(started), jobs: jobs),
            external: external)
    }
}
