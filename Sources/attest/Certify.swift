import ArgumentParser
import AttestCatalog
import AttestConformance
import AttestCore
import AttestExternal
import AttestReport
import AttestSupervisor
import Foundation

/// `attest certify`: run a profile against a kernel (optionally behind
/// preambles), write `results.jsonl` and `certificate.json`, exit 0 when
/// certified, 1 when not, 2 for usage or harness errors.
struct Certify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certify a kernel (optionally behind preambles) on a conformance profile.",
        discussion: """
        Exit codes: 0 certified (or a --query/--shard run with no blocking case), 1 not certified \
        (or a partial run with a FAIL/ERROR case), 2 usage error or invalid run (HARNESS_ERROR).
        """)

    @Option(help: "The registered kernel to certify (see `attest list`).")
    var kernel: String?

    @Flag(help: "Certify every standard configuration (each shipped kernel alone, and every stack a shipped preamble declares standard) in one process; --out is then the root folder.")
    var all = false

    @Option(name: .customLong("preamble"), help: "A preamble around the kernel, outermost first: NAME[:key=value,...]. Repeatable.")
    var preambles: [String] = []

    @OptionGroup var cases: ProfileSelectionOptions

    @OptionGroup var external: ExecOptions


    @Option(help: "Cases run concurrently: this many worker processes (threads with --in-process).")
    var jobs: Int = 1

    @Option(help: "Seconds a case may run before its worker is killed and the case is TIMEOUT.")
    var caseTimeout: Double = SupervisedRunner.defaultTimeoutSeconds

    @Flag(help: "Run the cases in this process (debugging): a trapping kernel then ends the run, and nothing is TIMEOUT.")
    var inProcess = false

    @Option(help: "Run shard i of n (1 <= i <= n) of the profile; join shards with `attest merge`.",
            transform: { text in
                do { return try Shard(parsing: text) } catch { throw ValidationError("--shard must be i/n with 1 <= i <= n, got '\(text)'") }
            })
    var shard: Shard?

    @Option(help: "Report folder (default reports/<configuration>/, with shard-i-of-n/ below it for a shard).")
    var out: String?


    @Flag(help: "Plain progress lines even on a terminal.")
    var plain = false

    func validate() throws {
        guard [kernel != nil, all, external.command != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --kernel NAME, --all or --exec COMMAND")
        }
        if external.command != nil {
            guard !inProcess, caseTimeout == SupervisedRunner.defaultTimeoutSeconds else {
                throw ValidationError("--in-process and --case-timeout do not apply to --exec (its kernel runs in its own processes; bound a batch with --batch-timeout)")
            }
        }
        guard !all || preambles.isEmpty else { throw ValidationError("--all certifies the standard stacks; it takes no --preamble") }
        guard OptionRanges.jobs.contains(jobs) else {
            throw ValidationError("--jobs must be in \(OptionRanges.jobs.lowerBound) ... \(OptionRanges.jobs.upperBound), got \(jobs)")
        }
        guard caseTimeout.isFinite, caseTimeout > 0, caseTimeout <= Self.maxCaseTimeout else {
            throw ValidationError("--case-timeout must be a number of seconds in (0, \(Int(Self.maxCaseTimeout))], got \(caseTimeout)")
        }
    }

    func run() throws {
        let loaded = try external.load()
        defer { if let kept = loaded?.folder.finish() { say("attest certify: exchange files kept in \(kept)") } }
        let configurations: [AttentionConfiguration]
        if let loaded {
            let specs = try asUsage { try preambles.map(PreambleSpec.init(parsing:)) }
            configurations = [AttentionConfiguration(kernel: loaded.kernel.name, preambles: specs)]
        } else if let kernel {
            let specs = try asUsage { try preambles.map(PreambleSpec.init(parsing:)) }
            configurations = [AttentionConfiguration(kernel: kernel, preambles: specs)]
        } else {
            configurations = StandardConfigurations.all(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
        }
        let kernels = try asUsage { try CommandLineRegistries.kernels() }
        if let loaded { try asUsage { try kernels.register(loaded.kernel) } }
        let shared = Shared(
            kernels: kernels, externalKernel: loaded?.kernel, preambles: try asUsage { try CommandLineRegistries.preambles() },
            profile: try cases.load(), golden: try asUsage { try GoldenFixtures.source(supervised: !inProcess) },
            cache: configurations.count > 1 && inProcess ? CaseCache() : nil,
            store: configurations.count > 1 && !inProcess ? try GoldenStore.temporary() : nil,
            provenance: RunProvenance(command: canonicalCommand, suite: .current(),
                                      environment: .current(libhdf5: GoldenFixtures.hdf5Version, openblas: KernelLibraries.openBLASVersion)))
        defer { shared.store?.remove() }
        var worst: Int32 = 0
        for configuration in configurations {
            let code = try certify(configuration, shared)
            worst = max(worst, code)
        }
        throw ExitCode(worst)
    }

    /// What every configuration of one `attest certify` shares, read once.
    private struct Shared {
        var kernels: KernelRegistry
        /// The `--exec` kernel, registered in `kernels` too.
        var externalKernel: ExternalKernel?
        var preambles: PreambleRegistry
        var profile: Profile
        var golden: (any GoldenCaseSource)?
        /// In-process `--all`: problems built once and kept in memory.
        var cache: CaseCache?
        /// Supervised `--all`: goldens and baselines kept on disk for every configuration's workers.
        var store: GoldenStore?
        var provenance: RunProvenance
    }

    /// Certifies one configuration, writes its report folder, returns its exit code.
    private func certify(_ configuration: AttentionConfiguration, _ shared: Shared) throws -> Int32 {
        let stack = try asUsage { try configuration.resolve(kernels: shared.kernels, preambles: shared.preambles) }
        let loaded = shared.profile
        let selection = RunSelection(seed: cases.seed, queries: cases.query, shard: shard)
        let expected = selection.ids(from: loaded.ids)
        guard !expected.isEmpty else {
            throw ValidationError("no case of profile '\(cases.profile)' matches the selection (queries \(cases.query), shard \(shard?.description ?? "none"))")
        }
        let reporter = ProgressReporter(total: expected.count, terminal: !plain && ProgressReporter.isTerminal)
        let folder = reportFolder(configuration)
        let stream: ResultsStream
        do { stream = try ResultsStream(directory: folder) } catch {
            FileHandle.standardError.write(Data("error: cannot write the report to \(folder.path): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let mode = shared.externalKernel != nil ? "external, batches of \(external.batchSize) cases"
            : inProcess ? "in this process" : "supervised"
        say("attest certify: \(configuration) on profile \(cases.profile) (\(expected.count) of \(loaded.ids.count) cases, \(jobs) job(s), \(mode))")
        let runner: (any CaseRunner)?
        if let ext = shared.externalKernel {
            runner = ExternalRunner(kernel: ext, makeStack: ExecOptions.stackBuilder(configuration, preambles: shared.preambles),
                                    resolver: CaseResolver(golden: shared.golden), batchSize: external.batchSize)
        } else {
            runner = inProcess ? nil : SupervisedRunner(
                worker: Worker.command(for: configuration, store: shared.store), timeout: .milliseconds(Int64((caseTimeout * 1000).rounded())),
                resolver: CaseResolver(golden: shared.golden))
        }
        let run = Certification.run(kernel: stack, configuration: configuration, profile: loaded, selection: selection,
                                    golden: shared.golden, cache: shared.cache, jobs: jobs, provenance: shared.provenance,
                                    runner: runner, external: shared.externalKernel.map(external.record),
                                    progress: { progress in
                                        reporter.update(progress)
                                        if let problem = stream.append(progress.result) {
                                            FileHandle.standardError.write(Data("warning: \(problem)\n".utf8))
                                        }
                                    })
        reporter.finish()
        stream.close()
        do { try ReportFolder.write(run, to: folder) } catch {
            FileHandle.standardError.write(Data("error: cannot write the report to \(folder.path): \(error)\n".utf8))
            throw ExitCode(2)
        }
        for line in FailureLines.render(run, rerun: { rerunCommand(configuration, id: $0) }) { say(line) }
        say(TerminalSummary.render(run, folder: folder.path))
        return run.exitCode
    }

    /// The largest `--case-timeout`: one day.
    static let maxCaseTimeout = 86_400.0

    /// `--out`, else `reports/<configuration>/`; under `--all`, `--out` (default
    /// `reports`) is the root of one folder per configuration. A shard adds `shard-i-of-n/`.
    private func reportFolder(_ configuration: AttentionConfiguration) -> URL {
        let shardFolder = shard.map { "/shard-\($0.index)-of-\($0.count)" } ?? ""
        if !all, let out { return URL(fileURLWithPath: out) }
        return URL(fileURLWithPath: "\(out ?? "reports")/\(configuration.slug)\(shardFolder)")
    }

    /// The command as parsed, spelled canonically: options in the order
    /// `--kernel`/`--all`/`--exec` (with its batch options), `--preamble`, `--profile`, `--query`, `--seed`,
    /// `--jobs`, `--case-timeout`, `--in-process`, `--plain`, `--shard`, `--out`, `--profiles`, defaults left out
    /// (except the profile), preambles in their canonical form. This is what a
    /// certificate records, never the process's arguments.
    var canonicalCommand: String {
        var words = ["attest", "certify"] + (kernel.map { ["--kernel", $0] } ?? (external.command != nil ? [] : ["--all"]))
        words += external.canonicalWords
        words += preambles.flatMap { text in ["--preamble", (try? PreambleSpec(parsing: text))?.description ?? text] }
        words += ["--profile", cases.profile] + cases.query.flatMap { ["--query", $0] }
        if cases.seed != 0 { words += ["--seed", "\(cases.seed)"] }
        if jobs != 1 { words += ["--jobs", "\(jobs)"] }
        if caseTimeout != SupervisedRunner.defaultTimeoutSeconds { words += ["--case-timeout", "\(caseTimeout)"] }
        if inProcess { words.append("--in-process") }
        if plain { words.append("--plain") }
        if let shard { words += ["--shard", shard.description] }
        if let out { words += ["--out", out] }
        if let profiles = cases.folder.profiles { words += ["--profiles", profiles] }
        return words.enumerated().map { $0.offset < 2 || $0.element.hasPrefix("--") ? $0.element : Shell.quote($0.element) }
            .joined(separator: " ")
    }

    /// The command that reruns case `id` of `configuration` alone.
    private func rerunCommand(_ configuration: AttentionConfiguration, id: String) -> String {
        RerunCommand.text(configuration: configuration, exec: external.command, profile: cases.profile, seed: cases.seed, id: id)
    }
}

/// Runs `body`, turning any error into a usage error (exit code 2).
func asUsage<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ValidationError { throw e } catch { throw ValidationError("\(error)") }
}

/// Writes a line to stdout unbuffered, so summaries interleave with the
/// progress on stderr even when both are piped.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
