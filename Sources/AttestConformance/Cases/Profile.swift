import Crypto
import Foundation

/// A versioned list of case ids checked into `profiles/<name>.txt`: one
/// canonical id per line (`CaseSpec` grammar), `#` starts a comment, blank
/// lines are ignored, no wildcards, no duplicates. Its SHA-256 (of the file's
/// bytes) goes into every certificate, and a run must execute exactly its ids.
/// Each line is parsed once, here; the run carries the typed `cases`.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var ids: [String]
    /// The parsed ids, same order.
    public var cases: [CaseSpec]
    /// Hex SHA-256 of the profile text.
    public var sha256: String

    public init(name: String, text: String) throws {
        var ids: [String] = [], cases: [CaseSpec] = []
        var seen: Set<String> = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard !line.contains("*") else { throw ConformanceError.badProfile(name, "line \(n + 1): wildcards are not allowed in a profile") }
            let spec: CaseSpec
            do { spec = try CaseSpec(parsing: line) } catch {
                throw ConformanceError.badProfile(name, "line \(n + 1): \(error)")
            }
            guard seen.insert(line).inserted else { throw ConformanceError.badProfile(name, "line \(n + 1): duplicate id \(line)") }
            ids.append(line)
            cases.append(spec)
        }
        guard !ids.isEmpty else { throw ConformanceError.badProfile(name, "no case ids (a profile must not be empty)") }
        self.name = name
        self.ids = ids
        self.cases = cases
        sha256 = Hashing.sha256(Data(text.utf8))
    }

    /// Loads `<directory>/<name>.txt` (the command-line tool decides which
    /// folder: `--profiles`, `$ATTEST_PROFILES`, `./profiles` or its source tree's).
    /// Throws unless `name` is `isValidName`: a profile path never leaves its folder.
    public static func load(named name: String, from directory: URL) throws -> Profile {
        guard isValidName(name) else {
            throw ConformanceError.badProfile(name, "a profile name is letters, digits, '_', '-' and '.' without a leading '.', "
                + "never a path: it names <profiles folder>/<name>.txt")
        }
        let url = directory.appendingPathComponent("\(name).txt")
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw ConformanceError.profileNotFound(name, searched: [url.path])
        }
        return try Profile(name: name, text: text)
    }
}

extension Profile {
    /// A profile's name: 1 to 64 ASCII letters, digits, `_`, `-` and `.`, not
    /// starting with `.`; so no `/`, no `..` and no absolute path can take a
    /// profile (or a certificate naming one) outside the profiles folder.
    public static func isValidName(_ name: String) -> Bool {
        (1 ... 64).contains(name.utf8.count) && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0) || "_-.".unicodeScalars.contains($0)) }
    }
}

/// Hex SHA-256, as recorded in certificates.
public enum Hashing {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
