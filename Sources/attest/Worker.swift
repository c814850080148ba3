import ArgumentParser
import AttestConformance
import AttestCore
import AttestSupervisor
import Foundation

/// `attest worker` (hidden): the worker process of supervised execution.
/// `attest certify` starts it with the configuration it certifies, writes
/// `<n> <case id>` lines on its stdin and reads one `results.jsonl` line per
/// case from its stdout (`CaseWorker`, `docs/reliability.md`). Golden
/// fixtures come from the same default folder as the supervisor's; under
/// `--all`, goldens and baselines come from the run's `GoldenStore`.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run cases named on stdin, one results.jsonl line each on stdout (started by attest certify).",
        shouldDisplay: false)

    @OptionGroup var stack: WorkerStackOptions

    @Option(name: .customLong("golden-store"), help: "A GoldenStore folder shared with the run's other workers.")
    var goldenStore: String?

    func run() throws {
        let kernel = try stack.resolve()
        let golden = try asUsage { try GoldenFixtures.source() }
        let store = goldenStore.map { GoldenStore(directory: URL(fileURLWithPath: $0)) }
        try CaseWorker.serve(kernel: kernel, resolver: CaseResolver(golden: golden, store: store))
    }

    /// The command that starts a worker for `configuration`: this executable
    /// in worker mode. The Swift runtime's backtracer is turned off in the
    /// worker (unless `SWIFT_BACKTRACE` is set) so a trap ends it at once; the
    /// trap's message is still on its stderr.
    /// With `store`, the worker reads and keeps goldens and baselines there (`GoldenStore`).
    static func command(for configuration: AttentionConfiguration, store: GoldenStore? = nil) -> ChildCommand {
        let executable = executablePath
        let arguments = ["worker", "--kernel", configuration.kernel] + configuration.preambles.flatMap { ["--preamble", $0.description] }
            + (store.map { ["--golden-store", $0.directory.path] } ?? [])
        let backtrace = ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] ?? "enable=no"
        return ChildCommand(executable: executable, arguments: arguments, environment: ["SWIFT_BACKTRACE": backtrace])
    }

    /// This process's executable when it is `attest`; else (the commands run
    /// from a test process) the `attest` beside it in the build folder.
    static var executablePath: String {
        let current = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        if current.lastPathComponent == "attest" { return current.path }
        var folder = current.deletingLastPathComponent()
        // A test bundle's executable is <build>/<Name>.xctest on Linux (one or two levels deeper elsewhere).
        for _ in 0 ..< 3 {
            let sibling = folder.appendingPathComponent("attest")
            if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling.path }
            folder = folder.deletingLastPathComponent()
        }
        return current.path
    }
}

/// The configuration a worker process serves (`attest worker`, `attest fuzz-worker`).
struct WorkerStackOptions: ParsableArguments {
    @Option(help: "The registered kernel.")
    var kernel: String

    @Option(name: .customLong("preamble"), help: "A preamble around the kernel, outermost first. Repeatable.")
    var preambles: [String] = []

    /// The kernel with its preambles, from the command line's registries (probes and mutants included).
    func resolve() throws -> any AttentionKernel {
        let configuration = AttentionConfiguration(kernel: kernel, preambles: try asUsage { try preambles.map(PreambleSpec.init(parsing:)) })
        return try asUsage {
            try configuration.resolve(kernels: try CommandLineRegistries.kernels(), preambles: try CommandLineRegistries.preambles())
        }
    }
}
