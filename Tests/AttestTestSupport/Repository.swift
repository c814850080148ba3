import Foundation

/// The checkout the tests run from, found from this file's path
/// (`Tests/AttestTestSupport/Repository.swift`), so tests read `fixtures/`,
/// `profiles/` and `docs/` wherever the package is checked out.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let profiles = root.appendingPathComponent("profiles")
    public static let fixtures = root.appendingPathComponent("fixtures")
}
