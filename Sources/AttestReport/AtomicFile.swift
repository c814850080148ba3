import Foundation

/// Temporary file plus rename.
public enum AtomicFile {
    /// Writes `data` to a temporary file next to `url`, then renames it over
    /// `url` (rename(2) is atomic). `beforeRename` runs between the two (tests
    /// use it to simulate an interruption); if anything throws, the temporary
    /// file is removed and `url` keeps its previous content (or stays absent).
    public static func write(_ data: Data, to url: URL, beforeRename: (URL) throws -> Void = { _ in }) throws {
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temp.path, contents: data) else {
            throw ReportError.unwritable(path: temp.path, reason: "cannot create the temporary file")
        }
        do {
            try beforeRename(temp)
            guard rename(temp.path, url.path) == 0 else {
                throw ReportError.unwritable(path: url.path, reason: "cannot rename \(temp.path) over it: errno \(errno)")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }
}
