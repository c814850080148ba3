import AttestConformance
import Foundation

/// `results.jsonl`: one `CaseResult` per line in profile order, compact JSON
/// with sorted keys (`docs/certificate.md`).
public struct ResultsJSONL: ReportRenderer {
    public static let fileName = "results.jsonl"
    public var fileName: String { Self.fileName }

    public init() {}

    public func render(_ run: CertificationRun) throws -> Data {
        var data = Data()
        for r in run.results { data.append(try Self.line(r)) }
        return data
    }

    /// One result as one line of the file, newline included: also what a
    /// supervised worker answers per case (`attest worker`) and what
    /// `ResultsStream` appends while a run goes on.
    public static func line(_ result: CaseResult) throws -> Data {
        var data = try ReportJSON.encoder(pretty: false).encode(result)
        data.append(0x0A)
        return data
    }

    /// Parses one line (without its newline).
    public static func parseLine(_ line: Data) throws -> CaseResult {
        try ReportJSON.decode(CaseResult.self, from: line)
    }

    /// Parses the bytes of a results file (`path` names it in errors).
    public static func parse(_ data: Data, path: String) throws -> [CaseResult] {
        try data.split(separator: 0x0A).enumerated().map { n, line in
            do { return try parseLine(Data(line)) } catch {
                throw ReportError.badResultLine(path: path, line: n + 1, reason: "\(error)")
            }
        }
    }
}
