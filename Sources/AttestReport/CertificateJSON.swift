import AttestConformance
import Foundation

/// `certificate.json`: the `Certificate` of the run, pretty-printed with
/// sorted keys, vouching for the bytes `ResultsJSONL` renders.
public struct CertificateJSON: ReportRenderer {
    public static let fileName = "certificate.json"
    public var fileName: String { Self.fileName }

    public init() {}

    public func render(_ run: CertificationRun) throws -> Data {
        try Self.data(Certificate(run, resultsData: try ResultsJSONL().render(run)))
    }

    /// The bytes of `certificate`, with a final newline.
    public static func data(_ certificate: Certificate) throws -> Data {
        var d = try ReportJSON.encoder(pretty: true).encode(certificate)
        d.append(0x0A)
        return d
    }

    /// Parses the bytes of a certificate file (`path` names it in errors).
    public static func parse(_ data: Data, path: String) throws -> Certificate {
        do { return try ReportJSON.decode(Certificate.self, from: data) } catch {
            throw ReportError.badCertificate(path: path, reason: "\(error)")
        }
    }
}
