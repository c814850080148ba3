import AttestConformance
import AttestCore
import AttestTensor
import Foundation
import Synchronization

/// `attest fuzz` with its problems checked in a supervised worker process
/// (`ProcessSupervisor` running `worker`, normally `attest fuzz-worker`,
/// `FuzzWorker`): problem seeds are drawn from `SeededGenerator(seed)` as the
/// in-process `FuzzSearch.run` draws them, one request per problem. A worker
/// that dies while checking or shrinking a problem gives a CRASH finding on
/// that problem (unshrunk), naming the signal and the end of its stderr; one
/// past `timeout` is killed and gives a TIMEOUT finding. A new worker takes
/// the next problem, so the search goes on until `shouldStop` or
/// `maxFindings` findings.
///
/// `run` blocks its calling thread like `SupervisedRunner.run`: call it from
/// the command line's main thread, never from the cooperative pool.
public struct SupervisedFuzz: Sendable {
    public var worker: ChildCommand
    public var timeout: Duration

    public init(worker: ChildCommand, timeout: Duration) {
        self.worker = worker
        self.timeout = timeout
    }

    public struct Report: Sendable {
        public var checked = 0
        public var unsupported = 0
        /// The reason of the last problem outside the declared capabilities.
        public var lastUnsupportedReason: String?
        public var findings: [FuzzSearch.Finding] = []
        /// Set when no worker could be started (nothing was checked).
        public var unstartable: String?
    }

    /// Checks the problems of `seeds` in order (a finite list, e.g. one
    /// `--problem-seed`), or of the stream `SeededGenerator(seed)` when `seeds` is nil.
    public func run(seed: UInt64, seeds: [UInt64]? = nil, maxFindings: Int, shouldStop: @escaping @Sendable () -> Bool) -> Report {
        let state = Mutex((stream: SeededGenerator(seed: seed), listed: seeds.map { $0[...] }, report: Report()))
        let next: @Sendable () -> String? = {
            state.withLock { s in
                guard s.report.findings.count < maxFindings, s.report.unstartable == nil, !shouldStop() else { return nil }
                if s.listed != nil {
                    guard let first = s.listed!.popFirst() else { return nil }
                    return String(first)
                }
                return String(s.stream.next())
            }
        }
        let finish: @Sendable (String, RequestOutcome) -> Void = { request, outcome in
            guard let seed = UInt64(request) else { return }
            let judged = Self.judge(seed: seed, outcome)
            state.withLock { s in
                switch judged {
                case .checked(let finding, let unsupported):
                    s.report.checked += 1
                    if let unsupported {
                        s.report.unsupported += 1
                        s.report.lastUnsupportedReason = unsupported
                    }
                    if let finding { s.report.findings.append(finding) }
                case .unstartable(let why):
                    s.report.unstartable = why
                }
            }
        }
        let supervisor = ProcessSupervisor(command: worker, timeout: timeout)
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await supervisor.serve(next: next, finish: finish)
            finished.signal()
        }
        finished.wait()
        return state.withLock { $0.report }
    }

    enum Judged {
        /// A finding, or none; `unsupported`: the reason when the problem is outside the capabilities.
        case checked(FuzzSearch.Finding?, unsupported: String?)
        case unstartable(String)
    }

    /// What one request's outcome says about the problem of `seed`.
    static func judge(seed: UInt64, _ outcome: RequestOutcome) -> Judged {
        let problem = FuzzProblem.random(seed: seed)
        func finding(_ verdict: Verdict, _ reason: String, shrunk: FuzzProblem? = nil) -> Judged {
            .checked(FuzzSearch.Finding(problemSeed: seed, original: problem, shrunk: shrunk ?? problem, verdict: verdict, reason: reason),
                     unsupported: nil)
        }
        switch outcome {
        case let .answered(line):
            guard let answer = try? JSONDecoder().decode(FuzzAnswer.self, from: Data(line.utf8)), answer.seed == seed else {
                return finding(.harnessError, "the fuzz worker's answer is not the outcome of problem seed \(seed): \(line.prefix(200))")
            }
            switch answer.outcome {
            case "pass": return .checked(nil, unsupported: nil)
            case "not_supported": return .checked(nil, unsupported: answer.reason ?? "not supported")
            default:
                guard let verdict = answer.verdict.flatMap(Verdict.init(rawValue:)),
                      let shrunk = problem.following(shrinkPath: answer.shrinkPath ?? []) else {
                    return finding(.harnessError, "the fuzz worker's answer for problem seed \(seed) names no verdict or an impossible shrink path: \(line.prefix(200))")
                }
                return finding(verdict, answer.reason ?? "", shrunk: shrunk)
            }
        case let .died(end, tail):
            return finding(.crash, "the worker process died checking or shrinking this problem: \(end)" + SupervisedRunner.stderr(tail))
        case let .timedOut(seconds, tail):
            return finding(.timeout, String(format: "checking or shrinking this problem ran past %.3g s; the worker's process group was killed", seconds)
                + SupervisedRunner.stderr(tail))
        case let .unstartable(why):
            return .unstartable(why)
        }
    }
}
