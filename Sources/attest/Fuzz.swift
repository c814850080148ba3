import ArgumentParser
import AttestCatalog
import AttestConformance
import AttestCore
import AttestExternal
import AttestReport
import AttestSupervisor
import Foundation

/// `attest fuzz`: the property-based search from the command line. Draws
/// random problems (shapes, masks, element types, GQA ratios, layouts) for
/// `--seconds`, judges each as `attest certify` judges a case, shrinks every
/// failure and writes it as a golden fixture that reproduces it.
struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search random problems for a case the kernel fails; write each failure as a fixture.",
        discussion: """
        Exit codes: 0 nothing found, 1 failing problems found (and written), 2 usage error. \
        Every problem is drawn from its own seed; a finding prints that seed, and \
        `--problem-seed` replays exactly that problem.
        """)

    @Option(help: "The registered kernel (mutants included, see `attest list --mutants`).")
    var kernel: String?

    @OptionGroup var external: ExecOptions

    @Option(name: .customLong("preamble"), help: "A preamble around the kernel, outermost first: NAME[:key=value,...]. Repeatable.")
    var preambles: [String] = []

    @Option(help: "How long to search, in seconds.")
    var seconds: Double = 10

    @Option(help: "Seed of the stream of problem seeds (default: random, printed).")
    var seed: UInt64?

    @Option(help: "Check only the problem drawn from this problem seed (as printed by a finding).")
    var problemSeed: UInt64?

    @Option(help: "Stop after this many failing problems.")
    var maxFailures: Int = 1

    @Option(help: "Folder for the fixtures of failing problems (default reports/fuzz/<configuration>/).")
    var out: String?

    @Option(help: "Seconds one problem (its check and its shrinking) may take in its worker before it is a TIMEOUT finding.")
    var caseTimeout: Double = SupervisedRunner.defaultTimeoutSeconds

    @Flag(help: "Check the problems in this process (debugging); by default they run in a supervised worker process.")
    var inProcess = false

    func validate() throws {
        guard seconds > 0, seconds <= OptionRanges.maxFuzzSeconds else {
            throw ValidationError("--seconds must be a number in (0, \(Int(OptionRanges.maxFuzzSeconds))], got \(seconds)")
        }
        guard (kernel != nil) != (external.command != nil) else { throw ValidationError("give exactly one of --kernel NAME or --exec COMMAND") }
        guard maxFailures >= 1 else { throw ValidationError("--max-failures must be at least 1, got \(maxFailures)") }
        guard caseTimeout.isFinite, caseTimeout > 0, caseTimeout <= Certify.maxCaseTimeout else {
            throw ValidationError("--case-timeout must be a number of seconds in (0, \(Int(Certify.maxCaseTimeout))], got \(caseTimeout)")
        }
    }

    func run() throws {
        let specs = try asUsage { try preambles.map(PreambleSpec.init(parsing:)) }
        let loaded = try external.load()  // each call of an --exec kernel is a batch of one (docs/external-kernels.md §5)
        defer { if let kept = loaded?.folder.finish() { print("attest fuzz: exchange files kept in \(kept)") } }
        let kernels = try asUsage { try CommandLineRegistries.kernels() }
        if let loaded { try asUsage { try kernels.register(loaded.kernel) } }
        let configuration = AttentionConfiguration(kernel: loaded?.kernel.name ?? kernel ?? "", preambles: specs)
        let stack = try asUsage { try configuration.resolve(kernels: kernels, preambles: try CommandLineRegistries.preambles()) }
        let search = FuzzSearch(kernel: stack)
        let folder = URL(fileURLWithPath: out ?? "reports/fuzz/\(configuration.slug)", isDirectory: true)
        // An --exec kernel already runs in processes of its own (each call a batch of one): the search stays here.
        let supervised = inProcess || loaded != nil ? nil : SupervisedFuzz(worker: FuzzWorkerCommand.command(for: configuration),
                                                          timeout: .milliseconds(Int64((caseTimeout * 1000).rounded())))
        if let problemSeed {
            let problem = FuzzProblem.random(seed: problemSeed)
            let outcome: FuzzSearch.Outcome
            if let supervised {
                let report = supervised.run(seed: 0, seeds: [problemSeed], maxFindings: 1, shouldStop: { false })
                try Self.refuse(report)
                outcome = report.findings.first.map { .failed($0.verdict, $0.reason) } ?? (report.lastUnsupportedReason.map { .notSupported($0) } ?? .pass)
            } else {
                outcome = search.check(problem)
            }
            print("attest fuzz: \(configuration) on problem seed \(problemSeed): \(problem)\n  \(outcome.summary)")
            if outcome.isFailure { throw ExitCode.failure }
            return
        }
        let streamSeed = seed ?? UInt64.random(in: 0 ... UInt64(Int64.max))
        print("attest fuzz: \(configuration) for \(seconds) s, seed \(streamSeed)\(inProcess ? " (in this process)" : "")")
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        var unsupported = 0, checked = 0, findings: [FuzzSearch.Finding] = []
        if let supervised {
            let report = supervised.run(seed: streamSeed, maxFindings: maxFailures, shouldStop: { clock.now >= deadline })
            try Self.refuse(report)
            (checked, unsupported, findings) = (report.checked, report.unsupported, report.findings)
        } else {
            (checked, findings) = search.run(seed: streamSeed, maxFindings: maxFailures, shouldStop: { clock.now >= deadline }) { _, outcome in
                if case .notSupported = outcome { unsupported += 1 }
            }
        }
        print("checked \(checked) problem(s), \(unsupported) outside the declared capabilities, \(findings.count) failing")
        guard !findings.isEmpty else { return }
        let file = folder.appendingPathComponent("fuzz-seed-\(streamSeed).h5")
        try FuzzFixtures.write(findings, configuration: configuration.description, to: file)
        for finding in findings {
            print("""
            \(finding.verdict.rawValue) found from problem seed \(finding.problemSeed)
              original: \(finding.original)
              shrunk:   \(finding.shrunk)
              reason:   \(finding.reason)
              fixture:  \(file.path)
              replay:   attest fuzz \(external.command.map { "--exec \(Shell.quote($0))" } ?? "--kernel \(kernel ?? "")")\(preambles.map { " --preamble \($0)" }.joined()) --problem-seed \(finding.problemSeed)
            """)
        }
        throw ExitCode.failure
    }

    /// A supervised search that could not start a worker is a harness error (exit 2).
    static func refuse(_ report: SupervisedFuzz.Report) throws {
        guard let why = report.unstartable else { return }
        FileHandle.standardError.write(Data("error: attest fuzz: no worker process could start: \(why)\n".utf8))
        throw ExitCode(2)
    }
}
