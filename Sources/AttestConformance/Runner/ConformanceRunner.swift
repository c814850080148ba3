import AttestCore
import Foundation
import Synchronization

/// Runs a list of cases against one kernel, on `jobs` threads.
///
/// Workers are dedicated OS threads (not Swift tasks or a GCD pool), so a
/// kernel that blocks or starts threads of its own (the simulated ranks of a
/// preamble stack) can never starve the runner. Each worker takes the next
/// case id from a shared counter; results come back in the order of `ids`.
public struct ConformanceRunner: Sendable {
    public var resolver: CaseResolver
    public var executor: any CaseExecutor

    public init(resolver: CaseResolver = CaseResolver(), executor: any CaseExecutor = InProcessExecutor()) {
        self.resolver = resolver
        self.executor = executor
    }

    /// One finished case, reported as it completes (from a worker thread).
    public struct Progress: Sendable {
        public var result: CaseResult
        public var done: Int
        public var total: Int

        public init(result: CaseResult, done: Int, total: Int) {
            self.result = result
            self.done = done
            self.total = total
        }
    }

    /// Executes every id (in any order across threads) and returns the
    /// results in the order of `ids`.
    public func run(kernel: any AttentionKernel, ids: [String], jobs: Int = 1,
                    progress: (@Sendable (Progress) -> Void)? = nil) -> [CaseResult] {
        let resolver = self.resolver
        return run(kernel: kernel, count: ids.count, jobs: jobs, progress: progress) { resolver.resolve(ids[$0]) }
    }

    /// Executes every case (already parsed: `Profile.cases`, `RunSelection.cases`)
    /// and returns the results in the order of `cases`.
    public func run(kernel: any AttentionKernel, cases: [CaseSpec], jobs: Int = 1,
                    progress: (@Sendable (Progress) -> Void)? = nil) -> [CaseResult] {
        let resolver = self.resolver
        return run(kernel: kernel, count: cases.count, jobs: jobs, progress: progress) { resolver.resolve(cases[$0]) }
    }

    private func run(kernel: any AttentionKernel, count: Int, jobs: Int, progress: (@Sendable (Progress) -> Void)?,
                     resolve: @escaping @Sendable (Int) -> ConformanceCase) -> [CaseResult] {
        precondition(jobs >= 1, "jobs must be at least 1, got \(jobs)")
        struct State {
            var next = 0
            var done = 0
            var results: [CaseResult?]
        }
        let state = Mutex(State(results: Array(repeating: nil, count: count)))
        let executor = self.executor
        let work: @Sendable () -> Void = {
            while true {
                let n: Int? = state.withLock { s in
                    guard s.next < count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let n else { return }
                let result = executor.execute(resolve(n), kernel: kernel)
                let done = state.withLock { s in
                    s.results[n] = result
                    s.done += 1
                    return s.done
                }
                progress?(Progress(result: result, done: done, total: count))
            }
        }
        WorkerThreads.run(min(jobs, max(count, 1)), work)
        return state.withLock { s in s.results.map { $0! } }
    }
}
