import Crypto
import Foundation

/// The fixture files this suite ships (`fixtures/*.h5`), known by the SHA-256
/// of their bytes (`ShippedFixtures+Hashes.swift`, written by
/// `tools/fixture-hashes.sh`). A file whose bytes hash to one of them is
/// *hash-verified*: `attest` reads it in its own process. Any other file (a
/// path given to `attest fixtures verify`, a fixture folder's file that was
/// changed, added or regenerated differently) may be corrupt in ways that
/// crash libhdf5 1.10.8 itself, so `attest` first reads it in a supervised
/// worker process (`FixtureFileChecker`, `docs/reliability.md`).
///
/// The hash covers the whole file, so no byte the HDF5 library decodes is
/// left unchecked. It is computed from the file as read when asked; a file
/// changed between this check and its reading is not guarded against.
public enum ShippedFixtures {
    /// Files larger than this are never hashed (no shipped file is near it).
    public static let maxHashedBytes = 64 << 20

    /// Whether the regular file at `path` has the bytes of a shipped fixture
    /// file (any of them: the name does not matter). False for anything that
    /// is not a regular file, cannot be read, or is larger than `maxHashedBytes`.
    public static func isShipped(path: String) -> Bool {
        guard case let .regularFile(bytes) = FileSystemEntry(path: path), bytes <= maxHashedBytes,
              let digest = sha256(ofFile: path) else { return false }
        return Set(sha256.values).contains(digest)
    }

    /// The lower-case hex SHA-256 of a file's bytes, read in 1 MiB pieces (at
    /// most `maxHashedBytes` of them); nil when it cannot be read.
    static func sha256(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total = 0
        while true {
            let piece: Data?
            do { piece = try handle.read(upToCount: 1 << 20) } catch { return nil }
            guard let chunk = piece, !chunk.isEmpty else { break }  // nil or empty: the end of the file
            total += chunk.count
            guard total <= maxHashedBytes else { return nil }
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
