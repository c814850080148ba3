import AttestCore

/// Runs a batch of case ids against one kernel and returns one result per id,
/// in the order of `ids`. `ConformanceRunner` does it on threads of this
/// process; `SupervisedRunner` (`AttestSupervisor`) does it in supervised
/// worker processes, so a trapping or hanging kernel costs one case (CRASH or
/// TIMEOUT), not the run. `Certification.run` takes either.
public protocol CaseRunner: Sendable {
    /// Executes every id (`jobs` at a time) and reports each result as it
    /// completes through `progress` (from any thread).
    func run(kernel: any AttentionKernel, ids: [String], jobs: Int,
             progress: (@Sendable (ConformanceRunner.Progress) -> Void)?) -> [CaseResult]
}

extension ConformanceRunner: CaseRunner {}
