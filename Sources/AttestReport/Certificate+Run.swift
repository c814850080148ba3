import AttestConformance
import AttestCore
import AttestTensor
import Foundation

extension Certificate {
    /// The certificate of `run`, vouching for the results file whose bytes are
    /// `resultsData` (`ResultsJSONL`). The policy is the one that judged the run.
    public init(_ run: CertificationRun, resultsData: Data) {
        self.init(
            verdict: run.verdict, reasons: run.reasons, suite: run.suite, profile: run.profile, selection: run.selection,
            fixtures: run.fixtures, tolerancePolicy: run.policy,
            kernel: KernelRecord(configuration: run.configuration, capabilities: run.capabilities, external: run.external),
            preambles: run.configuration.preambles.map(\.description), environment: run.environment, counts: run.counts,
            results: ResultsRecord(file: ResultsJSONL.fileName, sha256: Hashing.sha256(resultsData), lines: run.results.count),
            run: RunRecord(command: run.command, startedUTC: UTC.string(run.timing.started),
                           finishedUTC: UTC.string(run.timing.finished), wallSeconds: run.timing.wallSeconds,
                           jobs: run.timing.jobs, mergedFrom: run.timing.mergedFrom))
    }
}

extension CertificationRun {
    /// The run a certificate and its results describe: what `attest verify`
    /// and `attest merge` work on. The decision is the one the certificate
    /// records (verify decides again and compares); instants are to the second.
    /// Throws `ReportError.field` naming a field that does not parse.
    public init(certificate c: Certificate, results: [CaseResult]) throws {
        let preambles = try c.preambles.enumerated().map { n, text in
            do { return try PreambleSpec(parsing: text) } catch { throw ReportError.field("preambles[\(n)]", "\(error)") }
        }
        let configuration = AttentionConfiguration(kernel: c.kernel.name, preambles: preambles)
        guard configuration.description == c.kernel.configuration else {
            throw ReportError.field("kernel.configuration", "'\(c.kernel.configuration)' is not the stack of preambles "
                + "\(c.preambles) over kernel \(c.kernel.name)")
        }
        self.init(
            configuration: configuration, capabilities: try c.kernel.capabilities(), policy: c.tolerancePolicy,
            profile: c.profile, selection: c.selection, fixtures: c.fixtures, suite: c.suite, environment: c.environment,
            command: c.run.command, results: results, decision: CertificationDecision(verdict: c.verdict, reasons: c.reasons),
            timing: .init(started: try UTC.date(c.run.startedUTC, field: "run.started_utc"),
                          finished: try UTC.date(c.run.finishedUTC, field: "run.finished_utc"),
                          wallSeconds: c.run.wallSeconds, jobs: c.run.jobs, mergedFrom: c.run.mergedFrom),
            external: c.kernel.external)
    }
}

extension Certificate.KernelRecord {
    /// The declared capabilities, parsed back.
    func capabilities() throws -> KernelCapabilities {
        func parse<T>(_ field: String, _ text: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(text) else { throw ReportError.field("kernel.\(field)", "'\(text)' is not a known value") }
            return value
        }
        return KernelCapabilities(dtypes: Set(try dtypes.map { try parse("dtypes", $0, DType.init(name:)) }),
                                  features: Set(try features.map { try parse("features", $0, AttentionFeature.init(rawValue:)) }),
                                  fullyMaskedRows: try parse("fully_masked_rows", fullyMaskedRows, FullyMaskedRowPolicy.init(rawValue:)),
                                  deterministic: deterministic, maxHeadDim: maxHeadDim,
                                  lsePrecision: try lsePrecision.map { try parse("lse_precision", $0, DType.init(name:)) },
                                  maxFlops: maxFlops)
    }
}

/// The certificate's instants: ISO 8601, UTC, to the second.
enum UTC {
    static func string(_ date: Date) -> String { formatter.string(from: date) }

    static func date(_ text: String, field: String) throws -> Date {
        guard let date = formatter.date(from: text) else { throw ReportError.field(field, "'\(text)' is not an ISO 8601 UTC time") }
        return date
    }

    private static var formatter: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f
    }
}
