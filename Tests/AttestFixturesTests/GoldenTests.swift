import AttestFixtures
import Foundation
import Testing

/// The golden test: every case of every file in the repository's `fixtures/`
/// folder (written by the independent numpy generator) is reproduced by the
/// float64 reference within `Compare.goldenTolerance` (1e-12) for o, lse
/// (same -inf pattern) and, for module cases, y.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures").path

    static func files() -> [String] {
        (try? FixtureFile.files(at: folder)) ?? []
    }

    /// Fails loudly when the golden files are missing rather than passing vacuously.
    @Test func fixturesFolderHasGoldenFiles() {
        #expect(!Self.files().isEmpty, "no .h5 golden files in \(Self.folder): run tools/fixtures/generate.py (see fixtures/README.md)")
    }

    @Test(arguments: GoldenTests.files())
    func referenceReproducesEveryCase(_ path: String) throws {
        let count = try GoldenCheck.expectAllCases(in: path)
        #expect(count > 0, "\(path) holds no cases")
    }

    @Test(arguments: GoldenTests.files())
    func everyFileVerifies(_ path: String) throws {
        let checked = try FixtureFile(path: path).verify()
        #expect(checked.cases > 0)
    }
}
