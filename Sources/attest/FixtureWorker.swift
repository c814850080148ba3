import ArgumentParser
import AttestSupervisor
import Foundation

/// `attest fixture-worker` (hidden): checks fixture files named on stdin (one
/// JSON string per line), answering one JSON line per file on stdout
/// (`FixtureCheckWorker`). `attest` starts it for every file that is not
/// hash-verified, so a crash inside libhdf5 ends this process, not the run
/// (`docs/reliability.md`).
struct FixtureWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixture-worker",
        abstract: "Check fixture files named on stdin, one JSON answer line each on stdout (started by attest).",
        shouldDisplay: false)

    func run() throws {
        try FixtureCheckWorker.serve()
    }

    /// The checker that runs this executable as `attest fixture-worker`, with
    /// the Swift backtracer off like the case workers (`Worker.command`).
    static var checker: SupervisedFixtureChecker {
        let backtrace = ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] ?? "enable=no"
        return SupervisedFixtureChecker(worker: ChildCommand(executable: Worker.executablePath, arguments: ["fixture-worker"],
                                                             environment: ["SWIFT_BACKTRACE": backtrace]))
    }
}
