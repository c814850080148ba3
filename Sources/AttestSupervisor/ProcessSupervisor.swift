import AttestConformance
import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Serves line requests through supervised child processes: the process
/// supervision `attest certify` uses for its workers, and the one the
/// external-kernel protocol reuses for a user's command.
///
/// A child is started from `command` (swift-subprocess) in a process group of
/// its own. Each request is one line on its stdin; its answer is the next
/// line on its stdout. Per request:
/// - an answer within its time bound (`timeout`, or `requestTimeout`'s
///   bound for that request) is `.answered`;
/// - a child that ends first (a trap is SIGILL or SIGTRAP, any signal, any
///   exit) is `.died`, with the last `stderrLines` lines of its stderr;
/// - no answer within the bound: the child's whole process group gets SIGKILL
///   and the request is `.timedOut`.
/// After a death or a timeout the next request goes to a new child. Between
/// requests the child stays up, so its start-up cost is paid once per child.
public struct ProcessSupervisor: Sendable {
    public var command: ChildCommand
    /// The time bound of one request: from writing it to reading its answer.
    public var timeout: Duration
    /// A request's own time bound, when its cost is known from its text
    /// (`SupervisedRunner` scales a case's bound by its size); nil: `timeout`.
    public var requestTimeout: (@Sendable (String) -> Duration)?
    /// Lines of stderr kept for a death or timeout.
    public var stderrLines: Int
    /// The longest answer line accepted, in bytes (a longer one is an unreadable answer).
    public var maxAnswerBytes: Int
    /// How long a child may take to exit once its stdin is closed before its group is killed.
    public var exitGrace: Duration

    public init(command: ChildCommand, timeout: Duration, stderrLines: Int = 12, maxAnswerBytes: Int = 64 << 20,
                exitGrace: Duration = .seconds(5), requestTimeout: (@Sendable (String) -> Duration)? = nil) {
        precondition(timeout > .zero, "a request's time bound must be positive, got \(timeout)")
        self.command = command
        self.timeout = timeout
        self.stderrLines = stderrLines
        self.maxAnswerBytes = maxAnswerBytes
        self.exitGrace = exitGrace
        self.requestTimeout = requestTimeout
    }

    /// The time bound of `request`.
    func bound(of request: String) -> Duration {
        let own = requestTimeout?(request) ?? timeout
        return own > .zero ? own : timeout
    }

    /// Takes requests from `next` until it returns nil and hands each, with
    /// its outcome, to `finish` (called once per request, in request order).
    /// Returns when every request taken has an outcome and no child is left.
    public func serve(next: @escaping @Sendable () -> String?,
                      finish: @escaping @Sendable (String, RequestOutcome) -> Void) async {
        // A child that dies while we write its stdin must give EPIPE, not kill us.
        signal(SIGPIPE, SIG_IGN)
        var pending = next()
        while let request = pending {
            switch await session(first: request, next: next, finish: finish) {
            case .drained:
                return
            case .lostChild:
                pending = next()
            case let .unstartable(why):
                finish(request, .unstartable(why))
                while let r = next() { finish(r, .unstartable(why)) }
                return
            }
        }
    }

    private enum SessionEnd {
        case drained, lostChild, unstartable(String)
    }

    /// How the body of one child's session ended: every request served, or
    /// the child lost, with the request it left unanswered (none when it was
    /// killed just after answering).
    private enum BodyEnd: Sendable {
        case drained
        case lost(request: String?, unreadable: String?)
    }

    /// One child: serves requests from `first` on until the requests run out
    /// (`.drained`) or the child is lost (its request finished as died,
    /// timed out or unreadable; `.lostChild`).
    private func session(first: String, next: @escaping @Sendable () -> String?,
                         finish: @escaping @Sendable (String, RequestOutcome) -> Void) async -> SessionEnd {
        let tail = StderrTail(limit: stderrLines)
        let watchdog = Watchdog()
        let inFlight = InFlight()
        let (exitGrace, maxAnswer) = (self.exitGrace, self.maxAnswerBytes)
        let supervisor = self
        do {
            let result = try await Subprocess.run(
                .path(FilePath(command.executable)), arguments: Arguments(command.arguments),
                environment: command.subprocessEnvironment, platformOptions: ChildCommand.ownProcessGroup,
                input: .inputWriter, output: .sequence, error: .sequence
            ) { execution -> BodyEnd in
                try await withThrowingTaskGroup(of: Void.self) { group -> BodyEnd in
                    group.addTask { await tail.drain(execution.standardError) }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: .milliseconds(20))
                            if watchdog.expired() { try? execution.send(signal: .kill, toProcessGroup: true) }
                        }
                    }
                    var answers = execution.standardOutput
                        .strings(separatedBy: .unicodeScalarSequence(["\n"]), bufferingPolicy: .maxLineLength(maxAnswer))
                        .makeAsyncIterator()
                    var request: String? = first
                    var end = BodyEnd.drained
                    while let r = request {
                        inFlight.send(r)
                        watchdog.arm(after: supervisor.bound(of: r))
                        // A failed write means the child is gone: the end of its stdout tells how.
                        _ = try? await execution.standardInputWriter.write(r + "\n")
                        let answer: String?
                        do { answer = try await answers.next() } catch let error where !watchdog.fired {
                            try? execution.send(signal: .kill, toProcessGroup: true)
                            end = .lost(request: r, unreadable: "\(error)")
                            break
                        } catch {
                            answer = nil
                        }
                        watchdog.disarm()
                        guard let answer else {
                            end = .lost(request: r, unreadable: nil)
                            break
                        }
                        inFlight.finished()
                        finish(r, .answered(answer))
                        if watchdog.fired {  // killed as it answered: the next request needs a new child
                            end = .lost(request: nil, unreadable: nil)
                            break
                        }
                        request = next()
                    }
                    try? await execution.standardInputWriter.finish()
                    watchdog.arm(after: exitGrace, closing: true)
                    _ = try await group.next()  // the stderr reader: it ends when the child (group) is gone
                    group.cancelAll()
                    return end
                }
            }
            guard case let .lost(request, unreadable) = result.closureResult else { return .drained }
            guard let request else { return .lostChild }
            let stderr = tail.snapshot
            if let unreadable {
                finish(request, .died(.exit(-1), stderrTail: stderr + ["(its answer could not be read: \(unreadable))"]))
            } else if watchdog.firedOnRequest {
                finish(request, .timedOut(seconds: bound(of: request).seconds, stderrTail: stderr))
            } else {
                switch result.terminationStatus {
                case let .exited(code): finish(request, .died(.exit(code), stderrTail: stderr))
                case let .signaled(signal): finish(request, .died(.signal(signal), stderrTail: stderr))
                }
            }
            return .lostChild
        } catch {
            switch inFlight.state {
            case .none:
                return .unstartable("cannot start \(command.executable): \(error)")
            case let .some(request?):
                finish(request, .died(.exit(-1), stderrTail: tail.snapshot + ["(supervision of the child failed: \(error))"]))
                return .lostChild
            case .some(nil):
                return .lostChild
            }
        }
    }
}

/// The request a child holds: nil before the first is sent (the child may
/// not have started), then the one sent and not yet answered, if any.
private final class InFlight: Sendable {
    private let current = Mutex<String??>(nil)

    func send(_ request: String) { current.withLock { $0 = .some(request) } }
    func finished() { current.withLock { $0 = .some(nil) } }
    var state: String?? { current.withLock { $0 } }
}

/// The deadline of the request in flight (or of a closing child), checked by
/// a watchdog task that kills the child's process group once it has passed.
private final class Watchdog: Sendable {
    private struct State {
        var deadline: ContinuousClock.Instant?
        var closing = false
        var fired = false
        var firedOnRequest = false
    }
    private let state = Mutex(State())

    func arm(after bound: Duration, closing: Bool = false) {
        state.withLock { s in
            s.deadline = .now + bound
            s.closing = closing
        }
    }

    func disarm() { state.withLock { $0.deadline = nil } }

    /// True once, when the armed deadline has passed (the caller kills).
    func expired() -> Bool {
        state.withLock { s in
            guard let d = s.deadline, !s.fired, ContinuousClock.now >= d else { return false }
            s.fired = true
            s.firedOnRequest = !s.closing
            return true
        }
    }

    var fired: Bool { state.withLock { $0.fired } }
    var firedOnRequest: Bool { state.withLock { $0.firedOnRequest } }
}
