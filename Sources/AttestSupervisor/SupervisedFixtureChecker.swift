import AttestFixtures
import Foundation
import Synchronization

/// Checks fixture files in a supervised worker process (`ProcessSupervisor`
/// running `worker`, normally `attest fixture-worker`, `FixtureCheckWorker`),
/// one file per request, so that a crash inside libhdf5 on a corrupt file
/// ends the worker, never the caller. A worker that dies on a file makes that
/// file `FixtureError.Problem.corrupt`, naming the signal (or exit status)
/// and the last lines of its stderr; one that takes longer than `timeout` is
/// killed and the file is corrupt too. A new worker takes the remaining files.
///
/// `check` blocks its calling thread like `SupervisedRunner.run`: call it from
/// a thread outside Swift's cooperative pool (the command line's main
/// thread); async callers use `checkAsync`.
public struct SupervisedFixtureChecker: FixtureFileChecker {
    public var worker: ChildCommand
    public var timeout: Duration

    /// The default time bound of one file's check, in seconds.
    public static let defaultTimeoutSeconds = 60.0

    public init(worker: ChildCommand, timeout: Duration = .seconds(SupervisedFixtureChecker.defaultTimeoutSeconds)) {
        self.worker = worker
        self.timeout = timeout
    }

    public func check(_ paths: [String]) -> [String: Result<FixtureIndex, FixtureError>] {
        guard !paths.isEmpty else { return [:] }
        let box = Mutex<[String: Result<FixtureIndex, FixtureError>]>([:])
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            let results = await checkAsync(paths)
            box.withLock { $0 = results }
            finished.signal()
        }
        finished.wait()
        return box.withLock { $0 }
    }

    public func checkAsync(_ paths: [String]) async -> [String: Result<FixtureIndex, FixtureError>] {
        let state = Mutex((next: 0, results: [String: Result<FixtureIndex, FixtureError>]()))
        var lines: [String] = [], requests: [String: String] = [:]  // request line -> path
        for path in paths {
            do {
                let line = try FixtureCheckAnswer.request(path)
                lines.append(line)
                requests[line] = path
            } catch {
                state.withLock { $0.results[path] = .failure(FixtureError(file: path, problem: .reportedByChecker("cannot be checked: its path cannot be sent to a worker: \(error)"))) }
            }
        }
        let (sent, paths) = (lines, requests)
        let supervisor = ProcessSupervisor(command: worker, timeout: timeout)
        await supervisor.serve(next: {
            state.withLock { s in
                guard s.next < sent.count else { return nil }
                defer { s.next += 1 }
                return sent[s.next]
            }
        }, finish: { request, outcome in
            guard let path = paths[request] else { return }
            let result = Self.result(for: path, outcome)
            state.withLock { $0.results[path] = result }
        })
        return state.withLock { $0.results }
    }

    /// What became of one file's check.
    static func result(for path: String, _ outcome: RequestOutcome) -> Result<FixtureIndex, FixtureError> {
        let corrupt = { (why: String) in Result<FixtureIndex, FixtureError>.failure(FixtureError(file: path, problem: .corrupt(why))) }
        switch outcome {
        case let .answered(line):
            guard let answer = try? JSONDecoder().decode(FixtureCheckAnswer.self, from: Data(line.utf8)) else {
                return corrupt("the checking worker's answer is not a check result: \(line.prefix(200))")
            }
            return answer.result(for: path)
        case let .died(end, tail):
            return corrupt("reading it ended the checking worker process (\(end))" + SupervisedRunner.stderr(tail))
        case let .timedOut(seconds, tail):
            return corrupt(String(format: "reading it took longer than %.3g s; the checking worker was killed", seconds)
                + SupervisedRunner.stderr(tail))
        case let .unstartable(why):
            return .failure(FixtureError(file: path, problem: .reportedByChecker("cannot be checked: no worker process started: \(why)")))
        }
    }
}
