import ArgumentParser
import Foundation

/// `attest`: the command-line composition root.
///
/// Exit codes: 0 success, 1 a check failed, 2 a usage error (unknown
/// subcommand or option, missing or invalid argument).
@main
struct Attest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Reference and conformance suite for attention kernels.",
        subcommands: [List.self, Fixtures.self, Certify.self, Verify.self, Report.self, Cases.self, Merge.self, Fuzz.self, BenchStacks.self,
                      BenchKernels.self,
                      Worker.self, FixtureWorker.self, FuzzWorkerCommand.self])

    /// Exit code for usage errors (ArgumentParser's default is 64, EX_USAGE).
    static let usageErrorCode: Int32 = 2

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard isUsageError(error) else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(usageErrorCode)
        }
    }

    /// Whether `error` (from parsing or `validate()`) is a usage error, exit code 2.
    static func isUsageError(_ error: any Error) -> Bool {
        exitCode(for: error) == .validationFailure
    }
}
