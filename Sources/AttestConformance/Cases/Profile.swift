import Crypto
import Foundation

/// A versioned list of case ids checked into `profiles/<name>.txt`: one
/// canonical id per line, `#` starts a comment, blank lines are ignored, no
/// wildcards, no duplicates. Its SHA-256 (of the file's bytes) goes into every
/// certificate, and a run must execute exactly its ids.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var ids: [String]
    /// Hex SHA-256 of the profile text.
    public var sha256: String

    public init(name: String, text: String) throws {
        var ids: [String] = []
        var seen: Set<String> = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard !line.contains("*") else { throw ConformanceError.badProfile(name, "line \(n + 1): wildcards are not allowed in a profile") }
            let id = try CaseID(parsing: line)
            guard id.description == line else {
                throw ConformanceError.badProfile(name, "line \(n + 1): '\(line)' is not canonical (\(id))")
            }
            guard seen.insert(line).inserted else { throw ConformanceError.badProfile(name, "line \(n + 1): duplicate id \(line)") }
            ids.append(line)
        }
        guard !ids.isEmpty else { throw ConformanceError.badProfile(name, "no case ids (a profile must not be empty)") }
        self.name = name
        self.ids = ids
        sha256 = Hashing.sha256(Data(text.utf8))
    }

    /// Loads `<directory>/<name>.txt` (the command-line tool decides which
    /// folder: `--profiles`, `$ATTEST_PROFILES`, `./profiles` or its source tree's).
    public static func load(named name: String, from directory: URL) throws -> Profile {
        let url = directory.appendingPathComponent("\(name).txt")
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw ConformanceError.profileNotFound(name, searched: [url.path])
        }
        return try Profile(name: name, text: text)
    }
}

/// Hex SHA-256, as recorded in certificates.
public enum Hashing {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
