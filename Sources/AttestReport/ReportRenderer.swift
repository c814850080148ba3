import AttestConformance
import Foundation

/// One file of a report folder, rendered from the run model. A new output
/// format (HTML, JUnit) is one type conforming to this plus one line in
/// `ReportRenderers.files`.
public protocol ReportRenderer: Sendable {
    /// The file's name inside the report folder.
    var fileName: String { get }
    /// The file's bytes for `run`; the same run gives the same bytes.
    func render(_ run: CertificationRun) throws -> Data
}

/// The registered renderers: what `attest certify` and `attest merge` write
/// into a report folder, in this order. `certificate.json` stays last: it
/// vouches for the files before it, so an interrupted write never leaves a
/// certificate without its results.
public enum ReportRenderers {
    public static let files: [any ReportRenderer] = [
        ResultsJSONL(),
        HTMLReport(),
        JUnitXML(),
        CertificateJSON(),
    ]
}
