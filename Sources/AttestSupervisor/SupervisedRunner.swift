import AttestConformance
import AttestCore
import AttestReport
import Foundation
import Synchronization

/// Runs cases in supervised worker processes (`ProcessSupervisor`), `jobs`
/// workers at a time: each worker is `worker` started with the case ids on
/// its stdin and answering one `results.jsonl` line per case (`CaseWorker`).
///
/// A worker that dies on a case gives that case CRASH, naming the signal (or
/// exit status) and the last lines of the worker's stderr; a case that runs
/// past its time bound (`timeout` scaled by its size, `CaseTimeBound`) gives
/// TIMEOUT and its worker's process group is killed.
/// Either way a new worker takes the remaining cases. An answer that is not
/// the result of the case asked is a HARNESS_ERROR (the run is then INVALID).
/// `kernel` is used only for its name; the workers resolve their own.
///
/// `run` blocks its calling thread until every case is done while the
/// workers are served by Swift concurrency tasks: call it from a thread
/// outside the cooperative pool (the command line's main thread), never from
/// an async context or a test function, which could leave the pool no thread
/// to serve them. Tests run supervised certification through the binary.
public struct SupervisedRunner: CaseRunner {
    public var worker: ChildCommand
    public var timeout: Duration
    /// Resolves ids to tags for the results the supervisor writes itself
    /// (CRASH, TIMEOUT, HARNESS_ERROR); it builds no problem.
    public var resolver: CaseResolver

    /// The default time bound of one case, in seconds (`attest certify --case-timeout`).
    public static let defaultTimeoutSeconds = 60.0
    public static var defaultTimeout: Duration { .seconds(defaultTimeoutSeconds) }

    public init(worker: ChildCommand, timeout: Duration = SupervisedRunner.defaultTimeout, resolver: CaseResolver = CaseResolver()) {
        self.worker = worker
        self.timeout = timeout
        self.resolver = resolver
    }

    public func run(kernel: any AttentionKernel, ids: [String], jobs: Int,
                    progress: (@Sendable (ConformanceRunner.Progress) -> Void)?) -> [CaseResult] {
        precondition(jobs >= 1, "jobs must be at least 1, got \(jobs)")
        struct State {
            var next = 0
            var done = 0
            var started: [ContinuousClock.Instant?]
            var results: [CaseResult?]
        }
        let state = Mutex(State(started: Array(repeating: nil, count: ids.count), results: Array(repeating: nil, count: ids.count)))
        // Requests carry the position, so equal ids in one selection stay apart: `<n> <id>` in, the result line out.
        let next: @Sendable () -> String? = {
            state.withLock { s in
                guard s.next < ids.count else { return nil }
                defer { s.next += 1 }
                s.started[s.next] = .now
                return "\(s.next) \(ids[s.next])"
            }
        }
        let base = timeout
        let supervisor = ProcessSupervisor(command: worker, timeout: base) { request in
            let id = request.split(separator: " ", maxSplits: 1).last.map(String.init) ?? request
            guard let spec = try? CaseSpec(parsing: id) else { return base }  // the worker reports the bad id
            return CaseTimeBound.bound(spec, base: base)
        }
        let judge = self
        let finish: @Sendable (String, RequestOutcome) -> Void = { request, outcome in
            guard let space = request.firstIndex(of: " "), let n = Int(request[..<space]) else { return }
            let (result, done): (CaseResult, Int) = state.withLock { s in
                let seconds = s.started[n].map { (ContinuousClock.now - $0).seconds } ?? 0
                let r = judge.result(for: ids[n], outcome, seconds: seconds)
                s.results[n] = r
                s.done += 1
                return (r, s.done)
            }
            progress?(ConformanceRunner.Progress(result: result, done: done, total: ids.count))
        }
        let workers = min(jobs, max(ids.count, 1))
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0 ..< workers { group.addTask { await supervisor.serve(next: next, finish: finish) } }
            }
            finished.signal()
        }
        finished.wait()
        return state.withLock { s in
            s.results.enumerated().map { n, r in
                r ?? CaseResult(id: ids[n], verdict: .harnessError, tags: resolver.resolve(ids[n]).tags,
                                reason: "the supervisor lost this case (no worker took it)")
            }
        }
    }

    /// The result of case `id` from what its worker did.
    func result(for id: String, _ outcome: RequestOutcome, seconds: Double) -> CaseResult {
        var result = CaseResult(id: id, verdict: .crash, tags: resolver.resolve(id).tags, seconds: seconds)
        switch outcome {
        case let .answered(line):
            do {
                let answer = try ResultsJSONL.parseLine(Data(line.utf8))
                guard answer.id == id else {
                    result.verdict = .harnessError
                    result.reason = "the worker answered case \(answer.id) when asked for this one"
                    return result
                }
                return answer
            } catch {
                result.verdict = .harnessError
                result.reason = "the worker's answer is not a case result (\(error)): \(line.prefix(200))"
            }
        case let .died(end, tail):
            result.verdict = .crash
            result.reason = "the worker process died on this case: \(end)" + Self.stderr(tail)
        case let .timedOut(bound, tail):
            result.verdict = .timeout
            result.reason = String(format: "the case ran past its time bound of %.3g s; the worker's process group was killed", bound)
                + Self.stderr(tail)
        case let .unstartable(why):
            result.verdict = .harnessError
            result.reason = why
        }
        return result
    }

    /// "; its stderr ended with:" and the tail as indented lines (or "; its stderr was empty").
    public static func stderr(_ tail: [String]) -> String {
        tail.isEmpty ? "; its stderr was empty" : "; its stderr ended with:\n" + tail.map { "  | " + $0 }.joined(separator: "\n")
    }
}
