@testable import AttestExternal
import Testing

/// `--exec 'COMMAND'` is split like a POSIX shell splits a simple command, without expansion.
@Suite struct ExternalCommandTests {
    @Test(arguments: [
        ("python3 my_kernel.py", ["python3", "my_kernel.py"]),
        ("  a   b\tc ", ["a", "b", "c"]),
        ("prog 'a b' \"c d\" e\\ f", ["prog", "a b", "c d", "e f"]),
        ("prog 'it''s' \"say \\\"hi\\\"\" $HOME", ["prog", "its", "say \"hi\"", "$HOME"]),
        ("prog ''", ["prog", ""]),
    ])
    func wordsAreSplitLikeAShell(text: String, words: [String]) throws {
        #expect(try ExternalCommand.split(text) == words)
    }

    @Test(arguments: ["prog 'open", "prog \"open", "prog \\"])
    func unbalancedQuotingIsAnError(text: String) {
        #expect(throws: ExternalKernelError.self) { try ExternalCommand.split(text) }
    }

    @Test func theExecutableIsFoundOnPathAndAMissingOneIsNamed() throws {
        let sh = try ExternalCommand("sh -c true", environment: ["PATH": "/nonexistent:/bin:/usr/bin"])
        #expect(sh.executable == "/bin/sh")
        #expect(sh.script == nil, "-c is an option and 'true' is no file")
        #expect(sh.executableSHA256.count == 64)
        do {
            _ = try ExternalCommand("no-such-kernel-xyz", environment: ["PATH": "/bin"])
            Issue.record("a missing executable was accepted")
        } catch {
            #expect(error.description == "--exec: no-such-kernel-xyz is not found on PATH (/bin)")
        }
        #expect(throws: ExternalKernelError.self) { try ExternalCommand("   ") }
    }
}
