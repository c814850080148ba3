import ArgumentParser
import AttestConformance
import AttestCore
import AttestSupervisor
import Foundation

/// `attest fuzz-worker` (hidden): the worker process of supervised fuzzing.
/// `attest fuzz` starts it with the configuration it searches, writes one
/// problem seed per line on its stdin and reads one JSON answer per problem
/// from its stdout (`FuzzWorker`, `docs/fuzz.md`).
struct FuzzWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-worker",
        abstract: "Check the fuzz problems whose seeds are on stdin, one JSON answer each on stdout (started by attest fuzz).",
        shouldDisplay: false)

    @OptionGroup var stack: WorkerStackOptions

    func run() throws {
        try FuzzWorker.serve(search: FuzzSearch(kernel: try stack.resolve()))
    }

    /// The command that starts a fuzz worker for `configuration`, set up like
    /// the case workers (`Worker.command`).
    static func command(for configuration: AttentionConfiguration) -> ChildCommand {
        var command = Worker.command(for: configuration)
        command.arguments[0] = "fuzz-worker"
        return command
    }
}
