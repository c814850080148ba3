import Foundation

/// The checkout the tests run from, found from this file's path
/// (`Tests/AttestTestSupport/Repository.swift`), so tests read `fixtures/`,
/// `profiles/` and `docs/` wherever the package is checked out.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `relative` below the root, e.g. `docs/mutants.md`.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
