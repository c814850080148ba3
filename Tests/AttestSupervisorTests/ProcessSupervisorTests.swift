import AttestSupervisor
import Foundation
import Synchronization
import Testing

/// `ProcessSupervisor` on small shell children: answers, a child killed by a
/// signal, a child that hangs with a grandchild holding its stdout (only
/// killing the whole process group ends it), and a command that cannot start.
@Suite struct ProcessSupervisorTests {
    /// Echoes `ok <line>` per line; on `segv` writes a stderr line and kills
    /// itself with SIGSEGV; on `hang` starts a `sleep` that keeps stdout open.
    static let script = """
        while read x; do
          if [ "$x" = segv ]; then echo "about to die on $x" >&2; kill -SEGV $$; fi
          if [ "$x" = hang ]; then sleep \(hangSeconds); fi
          echo "ok $x"
        done
        """

    /// The hanging sleep's argument: unique to this test process, so that a run of the same
    /// test in another checkout on the machine is never mistaken for a survivor.
    static let hangSeconds = 1_000_000 + Int(getpid())

    func serve(_ requests: [String], executable: String = "/bin/sh", timeout: Duration = .seconds(30)) async -> [(String, RequestOutcome)] {
        let queue = Mutex((next: 0, outcomes: [(String, RequestOutcome)]()))
        let supervisor = ProcessSupervisor(command: ChildCommand(executable: executable, arguments: ["-c", Self.script]),
                                           timeout: timeout, exitGrace: .seconds(2))
        await supervisor.serve(next: {
            queue.withLock { q in
                guard q.next < requests.count else { return nil }
                defer { q.next += 1 }
                return requests[q.next]
            }
        }, finish: { request, outcome in queue.withLock { $0.outcomes.append((request, outcome)) } })
        return queue.withLock { $0.outcomes }
    }

    @Test func everyRequestIsAnswered() async {
        let outcomes = await serve(["a", "b", "c"])
        #expect(outcomes.map(\.0) == ["a", "b", "c"])
        #expect(outcomes.map(\.1) == [.answered("ok a"), .answered("ok b"), .answered("ok c")])
    }

    @Test func aChildKilledByASignalIsReportedWithItsStderrAndReplaced() async {
        let outcomes = await serve(["a", "segv", "b"])
        #expect(outcomes.map(\.0) == ["a", "segv", "b"])
        #expect(outcomes[0].1 == .answered("ok a"))
        #expect(outcomes[1].1 == .died(.signal(SIGSEGV), stderrTail: ["about to die on segv"]))
        #expect(outcomes[2].1 == .answered("ok b"), "a new child takes the requests after a death")
        #expect(ChildEnd.signal(SIGSEGV).description == "signal SIGSEGV (11)")
    }

    @Test func aHangingChildIsKilledWithItsProcessGroupAndReplaced() async throws {
        let outcomes = await serve(["hang", "b"], timeout: .milliseconds(500))
        #expect(outcomes.map(\.0) == ["hang", "b"])
        guard case let .timedOut(seconds, tail) = outcomes.first?.1 else {
            Issue.record("expected a timeout, got \(String(describing: outcomes.first?.1))")
            return
        }
        #expect(seconds == 0.5)
        #expect(tail.isEmpty)
        #expect(outcomes[1].1 == .answered("ok b"))
        // The sleep held the child's stdout: had only the shell been killed, serve would not have returned.
        // Killing the group killed it too (a killed process may linger as a zombie, with an empty command line).
        let alive = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { pid in
            guard Int(pid) != nil, let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: cmdline, as: UTF8.self).contains("sleep\u{0}\(Self.hangSeconds)")
        }
        #expect(alive.isEmpty, "the hanging child's sleep survived: pids \(alive)")
    }

    @Test func aCommandThatCannotStartFailsEveryRequestWithTheReason() async {
        let outcomes = await serve(["a", "b"], executable: "/nonexistent/attest-worker")
        #expect(outcomes.map(\.0) == ["a", "b"])
        for (_, outcome) in outcomes {
            guard case let .unstartable(why) = outcome else {
                Issue.record("expected unstartable, got \(outcome)")
                continue
            }
            #expect(why.contains("/nonexistent/attest-worker"))
        }
    }
}
