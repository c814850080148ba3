import AttestConformance
import Foundation
import Synchronization

/// `results.jsonl` written while a run goes on: each finished case is appended
/// as one line (`ResultsJSONL.line`, in completion order) with one write(2),
/// so a supervisor killed mid-run leaves every finished case on disk. When the
/// run ends, `ReportFolder.write` replaces the file atomically with the
/// results in profile order and writes the certificate beside it.
///
/// Opening removes a `certificate.json` left in the folder by an earlier run,
/// so a folder never pairs an old certificate with new partial results.
public final class ResultsStream: Sendable {
    public let url: URL
    private let handle: Mutex<FileHandle?>

    /// Creates `directory` if needed and truncates its `results.jsonl`.
    public init(directory: URL) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw ReportError.unwritable(path: directory.path, reason: "\(error)")
        }
        let certificate = directory.appendingPathComponent(CertificateJSON.fileName)
        if FileManager.default.fileExists(atPath: certificate.path) {
            do { try FileManager.default.removeItem(at: certificate) } catch {
                throw ReportError.unwritable(path: certificate.path, reason: "cannot remove the earlier run's certificate: \(error)")
            }
        }
        url = directory.appendingPathComponent(ResultsJSONL.fileName)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let file = FileHandle(forWritingAtPath: url.path) else {
            throw ReportError.unwritable(path: url.path, reason: "cannot create the file")
        }
        handle = Mutex(file)
    }

    /// Appends `result` as one line. A failed write closes the stream and
    /// returns the error's text (the run goes on; the final report is still
    /// written at the end).
    @discardableResult
    public func append(_ result: CaseResult) -> String? {
        handle.withLock { file in
            guard let f = file else { return nil }
            do {
                try f.write(contentsOf: try ResultsJSONL.line(result))
                return nil
            } catch {
                try? f.close()
                file = nil
                return "cannot append to \(url.path): \(error)"
            }
        }
    }

    /// Closes the file (the final `ReportFolder.write` replaces it).
    public func close() {
        handle.withLock { file in
            try? file?.close()
            file = nil
        }
    }
}
