import AttestConformance
import Foundation

/// `results.jsonl`: one `CaseResult` per line in profile order, compact JSON
/// with sorted keys (`docs/certificate.md`).
public struct ResultsJSONL: ReportRenderer {
    public static let fileName = "results.jsonl"
    public var fileName: String { Self.fileName }

    public init() {}

    public func render(_ run: CertificationRun) throws -> Data {
        let e = ReportJSON.encoder(pretty: false)
        var data = Data()
        for r in run.results {
            data.append(try e.encode(r))
            data.append(0x0A)
        }
        return data
    }

    /// Parses the bytes of a results file (`path` names it in errors).
    public static func parse(_ data: Data, path: String) throws -> [CaseResult] {
        let d = ReportJSON.decoder
        return try data.split(separator: 0x0A).enumerated().map { n, line in
            do { return try d.decode(CaseResult.self, from: Data(line)) } catch {
                throw ReportError.badResultLine(path: path, line: n + 1, reason: "\(error)")
            }
        }
    }
}
