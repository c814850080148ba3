import AttestConformance
import Foundation

/// A report folder: written from a run by the registered renderers, and read
/// back into the run model (`certificate.json` plus `results.jsonl`) by
/// `attest verify` and `attest merge`.
///
/// Every file is written atomically (`AtomicFile`), in the renderers' order,
/// the certificate last, so an interrupted run never leaves a truncated file
/// or a certificate without its results.
public struct ReportFolder: Sendable {
    public var directory: URL
    /// The certificate as stored.
    public var certificate: Certificate
    /// The bytes of `results.jsonl` as stored (their hash is checked by verify).
    public var resultsData: Data
    /// The run the two files describe.
    public var run: CertificationRun

    /// Writes one file per renderer into `directory` (created if needed).
    /// `beforeRename` runs between each temporary file and its rename (tests
    /// use it to simulate an interruption).
    public static func write(_ run: CertificationRun, to directory: URL,
                             renderers: [any ReportRenderer] = ReportRenderers.files,
                             beforeRename: (URL) throws -> Void = { _ in }) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw ReportError.unwritable(path: directory.path, reason: "\(error)")
        }
        for renderer in renderers {
            try AtomicFile.write(try renderer.render(run), to: directory.appendingPathComponent(renderer.fileName),
                                 beforeRename: beforeRename)
        }
    }

    /// Reads `certificate.json` and `results.jsonl` of `directory`; throws
    /// `ReportError` naming the file (and line or field) that does not read
    /// or holds a value out of range (`ReportRanges`).
    public static func read(_ directory: URL) throws -> ReportFolder {
        let certificateURL = directory.appendingPathComponent(CertificateJSON.fileName)
        let certificate = try CertificateJSON.parse(try contents(certificateURL), path: certificateURL.path)
        do { try ReportRanges.check(certificate) } catch {
            throw ReportError.badCertificate(path: certificateURL.path, reason: "\(error)")
        }
        let resultsURL = directory.appendingPathComponent(ResultsJSONL.fileName)
        let data = try contents(resultsURL)
        let results = try ResultsJSONL.parse(data, path: resultsURL.path)
        for (n, r) in results.enumerated() {
            if let problem = ReportRanges.problem(r) {
                throw ReportError.badResultLine(path: resultsURL.path, line: n + 1, reason: "case \(r.id): \(problem)")
            }
        }
        let run: CertificationRun
        do { run = try CertificationRun(certificate: certificate, results: results) } catch {
            throw ReportError.badCertificate(path: certificateURL.path, reason: "\(error)")
        }
        return ReportFolder(directory: directory, certificate: certificate, resultsData: data, run: run)
    }

    private static func contents(_ url: URL) throws -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ReportError.unreadable(path: url.path) }
        return data
    }
}
