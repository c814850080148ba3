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

    @Flag(help: "Also recompute every case with the float64 reference and check its id (attest fixtures verify).")
    var recompute = false

    func run() throws {
        try FixtureCheckWorker.serve(recompute: recompute)
    }

    /// The checker that runs this executable as `attest fixture-worker`, with
    /// the Swift backtracer off like the case workers (`Worker.command`).
    static var checker: SupervisedFixtureChecker { checker(recompute: false) }

    /// The same, passing `--recompute` when `recompute` (`attest fixtures verify`).
    static func checker(recompute: Bool) -> SupervisedFixtureChecker {
        let backtrace = ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] ?? "enable=no"
        return SupervisedFixtureChecker(worker: ChildCommand(executable: Worker.executablePath,
                                                             arguments: ["fixture-worker"] + (recompute ? ["--recompute"] : []),
                                                             environment: ["SWIFT_BACKTRACE": backtrace]))
    }
}
