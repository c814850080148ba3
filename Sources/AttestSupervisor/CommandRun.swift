import AttestConformance
import Dispatch
import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// How one run of a command ended (`CommandRun`).
public enum CommandEnd: Sendable, Equatable, CustomStringConvertible {
    /// It ended by itself: an exit status, or a signal it did not survive.
    case ended(ChildEnd)
    /// Still running after the time bound: its whole process group got SIGKILL.
    case timedOut(seconds: Double)
    /// It could not be started (no such executable, not executable, ...).
    case unstartable(String)

    public var description: String {
        switch self {
        case let .ended(end): "\(end)"
        case let .timedOut(seconds): "still running after \(seconds) s; its process group was killed (SIGKILL)"
        case let .unstartable(why): why
        }
    }
}

/// What one run of a command left: how it ended, the head of its stdout and
/// the tail of its stderr.
public struct CommandResult: Sendable {
    public var end: CommandEnd
    /// The first `maxStdoutBytes` bytes of stdout.
    public var stdout: [UInt8]
    /// True when stdout held more than `maxStdoutBytes` bytes (the rest was read and dropped).
    public var stdoutTruncated: Bool
    /// The last lines of stderr (`StderrTail`).
    public var stderrTail: [String]
}

/// Runs a command once, to its end, under supervision: the one-shot
/// counterpart of `ProcessSupervisor`, used for an external kernel's
/// `--capabilities` and batch runs (`docs/external-kernels.md`).
///
/// The command runs (swift-subprocess) in a process group of its own, with an
/// empty stdin and the caller's environment plus `command.environment`. Its
/// stdout is read up to `maxStdoutBytes` (the rest is drained), its stderr's last
/// `stderrLines` lines are kept. Past `timeout` the whole process group gets
/// SIGKILL, so the children and threads the command started go with it.
public struct CommandRun: Sendable {
    public var command: ChildCommand
    public var timeout: Duration
    public var maxStdoutBytes: Int
    public var stderrLines: Int

    public init(command: ChildCommand, timeout: Duration, maxStdoutBytes: Int = 0, stderrLines: Int = 12) {
        precondition(timeout > .zero, "a command's time bound must be positive, got \(timeout)")
        precondition(maxStdoutBytes >= 0, "maxStdoutBytes must be >= 0, got \(maxStdoutBytes)")
        self.command = command
        self.timeout = timeout
        self.maxStdoutBytes = maxStdoutBytes
        self.stderrLines = stderrLines
    }

    /// Runs the command and blocks the calling thread until it has ended. Call
    /// it from a thread outside Swift's cooperative pool (the runner's own
    /// threads, the command line's main thread), as `SupervisedRunner` is.
    public func runBlocking() -> CommandResult {
        let box = Mutex<CommandResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        let run = self
        Task.detached {
            let result = await run.run()
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }

    /// Runs the command to its end.
    public func run() async -> CommandResult {
        signal(SIGPIPE, SIG_IGN)
        let tail = StderrTail(limit: stderrLines)
        let deadline = Deadline(after: timeout)
        let limit = maxStdoutBytes
        do {
            let result = try await Subprocess.run(
                .path(FilePath(command.executable)), arguments: Arguments(command.arguments),
                environment: command.subprocessEnvironment, platformOptions: ChildCommand.ownProcessGroup,
                input: .none, output: .sequence, error: .sequence
            ) { execution -> (bytes: [UInt8], truncated: Bool) in
                try await withThrowingTaskGroup(of: Void.self) { group -> (bytes: [UInt8], truncated: Bool) in
                    group.addTask { await tail.drain(execution.standardError) }
                    // The bound is kept by a GCD timer, not a Swift task: a task can wait behind a
                    // cooperative pool that blocking work keeps busy, a timer cannot.
                    let processGroup = execution.processIdentifier.value  // the child leads its own process group
                    let killer = DispatchWorkItem {
                        if Self.isRunning(processGroup), deadline.expire() { kill(-processGroup, SIGKILL) }
                    }
                    DispatchQueue.global().asyncAfter(deadline: .now() + deadline.bound.seconds, execute: killer)
                    defer { killer.cancel() }
                    var bytes: [UInt8] = []
                    var truncated = false
                    for try await buffer in execution.standardOutput {
                        buffer.withUnsafeBytes { raw in
                            let room = max(0, limit - bytes.count)
                            if raw.count > room { truncated = true }
                            bytes.append(contentsOf: raw.prefix(room))
                        }
                    }
                    _ = try await group.next()  // stderr ends when the process (group) is gone
                    group.cancelAll()
                    return (bytes, truncated)
                }
            }
            let output = result.closureResult
            if deadline.fired {
                return CommandResult(end: .timedOut(seconds: timeout.seconds), stdout: output.bytes,
                                     stdoutTruncated: output.truncated, stderrTail: tail.snapshot)
            }
            let end: ChildEnd
            switch result.terminationStatus {
            case let .exited(code): end = .exit(code)
            case let .signaled(signal): end = .signal(signal)
            }
            return CommandResult(end: .ended(end), stdout: output.bytes, stdoutTruncated: output.truncated,
                                 stderrTail: tail.snapshot)
        } catch {
            if deadline.fired {
                return CommandResult(end: .timedOut(seconds: timeout.seconds), stdout: [], stdoutTruncated: false,
                                     stderrTail: tail.snapshot)
            }
            return CommandResult(end: .unstartable("cannot run \(command.executable): \(error)"), stdout: [],
                                 stdoutTruncated: false, stderrTail: tail.snapshot)
        }
    }
}

extension CommandRun {
    /// Whether process `pid` (our child) has not ended: it exists and is not a zombie
    /// waiting to be reaped. A child that ended before its bound is never called timed
    /// out, even when the task reading its end runs late.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
        #else
        return true
        #endif
    }
}

/// The time bound of one command run, checked by a GCD timer when it is due.
private final class Deadline: Sendable {
    let bound: Duration
    private let state: Mutex<(deadline: ContinuousClock.Instant, fired: Bool)>

    init(after bound: Duration) {
        self.bound = bound
        state = Mutex((.now + bound, false))
    }

    /// True once, when the deadline has passed (the caller kills).
    func expire() -> Bool {
        state.withLock { s in
            guard !s.fired, ContinuousClock.now >= s.deadline else { return false }
            s.fired = true
            return true
        }
    }

    var fired: Bool { state.withLock { $0.fired } }
}
