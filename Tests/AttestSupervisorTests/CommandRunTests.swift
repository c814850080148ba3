import AttestSupervisor
import Foundation
import Testing

/// One supervised run of a command (`CommandRun`, used for `--exec` kernels):
/// its exit status or signal, the head of its stdout, the tail of its stderr,
/// (the time bound that kills the whole process group is checked through the
/// `attest` binary, where no test keeps the cooperative pool busy:
/// `ExternalKernelCLITests.aKernelThatSleepsForeverIsATimeout`).
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
        // 100,000 bytes overflow the pipe (64 KiB), so the child waits for the reader, a task on the
        // cooperative pool that the suite's blocking tests can keep busy for longer than 30 s (seen in a
        // full `swift test` on two cores): the time bound is not what this test is about, so it is generous.
        let r = await sh("head -c 100000 /dev/zero", timeout: .seconds(600), maxStdoutBytes: 10)
        #expect(r.end == .ended(.exit(0)))
        #expect(r.stdout.count == 10 && r.stdoutTruncated)
    }

    @Test func aSignalIsReported() async {
        let r = await sh("kill -SEGV $$")
        #expect(r.end == .ended(.signal(SIGSEGV)))
    }

    @Test func aMissingExecutableIsUnstartable() async {
        let r = await CommandRun(command: ChildCommand(executable: "/nonexistent/kernel", arguments: []), timeout: .seconds(5)).run()
        guard case let .unstartable(why) = r.end else { Issue.record("\(r.end)"); return }
        #expect(why.contains("/nonexistent/kernel"))
    }
}
