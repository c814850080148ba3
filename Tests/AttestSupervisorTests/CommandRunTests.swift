import AttestSupervisor
import Foundation
import Testing

/// One supervised run of a command (`CommandRun`, used for `--exec` kernels):
/// its exit status or signal, the head of its stdout, the tail of its stderr,
/// and a time bound that kills the whole process group.
@Suite struct CommandRunTests {
    func sh(_ script: String, timeout: Duration = .seconds(30), maxStdoutBytes: Int = 1 << 10) async -> CommandResult {
        await CommandRun(command: ChildCommand(executable: "/bin/sh", arguments: ["-c", script]), timeout: timeout,
                         maxStdoutBytes: maxStdoutBytes, stderrLines: 2).run()
    }

    @Test func anExitStatusStdoutAndTheStderrTailAreKept() async {
        let r = await sh("printf 'hello'; echo one >&2; echo two >&2; echo three >&2; exit 3")
        #expect(r.end == .ended(.exit(3)))
        #expect(String(decoding: r.stdout, as: UTF8.self) == "hello" && !r.stdoutTruncated)
        #expect(r.stderrTail == ["two", "three"])
    }

    @Test func stdoutBeyondTheCapIsDrainedAndFlagged() async {
        let r = await sh("head -c 100000 /dev/zero", maxStdoutBytes: 10)
        #expect(r.end == .ended(.exit(0)))
        #expect(r.stdout.count == 10 && r.stdoutTruncated)
    }

    @Test func aSignalIsReported() async {
        let r = await sh("kill -SEGV $$")
        #expect(r.end == .ended(.signal(SIGSEGV)))
    }

    @Test func theTimeBoundKillsTheWholeProcessGroup() async throws {
        // A background sleep in the child's group: the bound must kill it too, not only the shell.
        let r = await sh("sleep 60 & echo $! >&2; wait", timeout: .seconds(1))
        #expect(r.end == .timedOut(seconds: 1))
        let pid = try #require(r.stderrTail.last.flatMap { Int32($0) }, "\(r.stderrTail)")
        #expect(Self.isGone(pid), "the background sleep \(pid) survived the bound")
    }

    /// True once `pid` is gone or a zombie (killed, not yet reaped), polling for up to 10 s.
    static func isGone(_ pid: Int32) -> Bool {
        for _ in 0 ..< 100 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
            usleep(100_000)
        }
        return false
    }

    @Test func aMissingExecutableIsUnstartable() async {
        let r = await CommandRun(command: ChildCommand(executable: "/nonexistent/kernel", arguments: []), timeout: .seconds(5)).run()
        guard case let .unstartable(why) = r.end else { Issue.record("\(r.end)"); return }
        #expect(why.contains("/nonexistent/kernel"))
    }
}
