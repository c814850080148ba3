/// The outcome of one case (`docs/certificate.md`).
///
/// | verdict | meaning | blocks certification |
/// |---|---|---|
/// | PASS | every judged tensor and check within the policy | no |
/// | FAIL | numeric bound, shape, NaN/inf pattern or a property violated: the kernel is wrong | yes |
/// | NOT_SUPPORTED | the kernel declared, before the run, that it lacks what the case needs | no (coverage, never a pass) |
/// | ERROR | the kernel threw | yes |
/// | HARNESS_ERROR | a bad fixture, an unknown case or a runner fault: the run is invalid | yes (run invalid) |
/// | CRASH | the worker process running the case died (a trap, a signal, an exit) | yes |
/// | TIMEOUT | the case exceeded its time bound; its worker was killed | yes |
///
/// CRASH and TIMEOUT are produced only by supervised execution
/// (`SupervisedRunner`, what `attest certify` uses); the in-process runner
/// cannot survive a trapping kernel, so it never reports them.
public enum Verdict: String, Sendable, Codable, CaseIterable, Comparable {
    case pass = "PASS"
    case notSupported = "NOT_SUPPORTED"
    case fail = "FAIL"
    case error = "ERROR"
    case timeout = "TIMEOUT"
    case crash = "CRASH"
    case harnessError = "HARNESS_ERROR"

    /// Whether this verdict prevents certification.
    public var blocks: Bool { self != .pass && self != .notSupported }

    /// Worst-of order: PASS < NOT_SUPPORTED < FAIL < ERROR < TIMEOUT < CRASH < HARNESS_ERROR.
    public static func < (a: Verdict, b: Verdict) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
