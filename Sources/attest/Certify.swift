import ArgumentParser
import AttestCatalog
import AttestConformance
import AttestCore
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


    @Option(help: "Cases run concurrently on this many threads.")
    var jobs: Int = 1

    @Option(help: "Run shard i of n (1 <= i <= n) of the profile; join shards with `attest merge`.")
    var shard: String?

    @Option(help: "Report folder (default reports/<configuration>/, with shard-i-of-n/ below it for a shard).")
    var out: String?


    @Flag(help: "Plain progress lines even on a terminal.")
    var plain = false

    func validate() throws {
        guard (kernel != nil) != all else { throw ValidationError("give exactly one of --kernel NAME or --all") }
        guard !all || preambles.isEmpty else { throw ValidationError("--all certifies the standard stacks; it takes no --preamble") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard { _ = try asUsage { try Shard(parsing: shard) } }
    }

    func run() throws {
        let configurations: [AttentionConfiguration]
        if let kernel {
            let specs = try asUsage { try preambles.map(PreambleSpec.init(parsing:)) }
            configurations = [AttentionConfiguration(kernel: kernel, preambles: specs)]
        } else {
            configurations = StandardConfigurations.all(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
        }
        let cache = configurations.count > 1 ? CaseCache() : nil
        var worst: Int32 = 0
        for configuration in configurations {
            let code = try certify(configuration, cache: cache)
            worst = max(worst, code)
        }
        throw ExitCode(worst)
    }

    /// Certifies one configuration, writes its report folder, returns its exit code.
    private func certify(_ configuration: AttentionConfiguration, cache: CaseCache?) throws -> Int32 {
        let stack = try asUsage { try configuration.resolve(kernels: try CommandLineRegistries.kernels(), preambles: try CommandLineRegistries.preambles()) }
        let loaded = try cases.load()
        let shardValue = try shard.map { s in try asUsage { try Shard(parsing: s) } }
        let selection = RunSelection(seed: cases.seed, queries: cases.query, shard: shardValue)
        let golden = try asUsage { try GoldenFixtures.source() }
        let expected = selection.ids(from: loaded.ids)
        guard !expected.isEmpty else {
            throw ValidationError("no case of profile '\(cases.profile)' matches the selection (queries \(cases.query), shard \(shard ?? "none"))")
        }
        let reporter = ProgressReporter(total: expected.count, terminal: !plain && ProgressReporter.isTerminal)
        say("attest certify: \(configuration) on profile \(cases.profile) (\(expected.count) of \(loaded.ids.count) cases, \(jobs) job(s))")
        let run = Certification.run(kernel: stack, profile: loaded, selection: selection, golden: golden, cache: cache, jobs: jobs,
                                    progress: { reporter.update($0) })
        reporter.finish()
        let folder = URL(fileURLWithPath: all ? "\(out ?? "reports")/\(defaultFolder(configuration, shardValue).dropFirst("reports/".count))"
                                              : out ?? defaultFolder(configuration, shardValue))
        let data = try ReportFiles.resultsData(run.results)
        let certificate = Certification.certificate(
            for: run, resultsData: data, configuration: configuration, capabilities: stack.capabilities,
            fixtures: (try? golden?.manifest) ?? .none,
            environment: RunEnvironment.current(libhdf5: GoldenFixtures.hdf5Version, openblas: KernelLibraries.openBLASVersion),
            command: (["attest"] + CommandLine.arguments.dropFirst()).joined(separator: " "), jobs: jobs)
        do { try ReportFiles.write(results: data, certificate: certificate, to: folder) } catch {
            FileHandle.standardError.write(Data("error: cannot write the report to \(folder.path): \(error)\n".utf8))
            throw ExitCode(2)
        }
        for line in FailureLines.render(run.results, rerun: rerunPrefix(configuration)) { say(line) }
        say(Summary.render(certificate, folder: folder.path))
        return run.exitCode
    }

    private func defaultFolder(_ configuration: AttentionConfiguration, _ shard: Shard?) -> String {
        "reports/\(configuration.slug)" + (shard.map { "/shard-\($0.index)-of-\($0.count)" } ?? "")
    }

    private func rerunPrefix(_ configuration: AttentionConfiguration) -> String {
        (["attest certify --kernel \(Shell.quote(configuration.kernel))"] + configuration.preambles.map { "--preamble \(Shell.quote($0.description))" }
            + ["--profile \(Shell.quote(cases.profile))"] + (cases.seed != 0 ? ["--seed \(cases.seed)"] : [])).joined(separator: " ")
    }
}

/// Runs `body`, turning any error into a usage error (exit code 2).
func asUsage<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ValidationError { throw e } catch { throw ValidationError("\(error)") }
}

enum Shell {
    /// Single-quotes `s` for a POSIX shell.
    static func quote(_ s: String) -> String {
        s.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,".contains($0) } ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Writes a line to stdout unbuffered, so summaries interleave with the
/// progress on stderr even when both are piped.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
