import AttestFixtures
import AttestTestSupport
import Foundation
import Testing

/// The golden test: every case of every file in the repository's `fixtures/`
/// folder (written by the independent numpy generator) is reproduced by the
/// float64 reference within the tolerance policy's float64 floor for o, lse
/// (same -inf pattern) and, for module cases, y (`GoldenCheck`). One test case per golden
/// case, so they run in parallel and each failure names its case id.
@Suite struct GoldenTests {
    static let folder = Repository.fixtures.path

    static func files() -> [String] {
        (try? FixtureFile.files(at: folder)) ?? []
    }

    /// One golden case: its file and group.
    struct CaseReference: Sendable, CustomTestStringConvertible {
        var file: String
        var group: String
        var id: String
        var testDescription: String { id }
    }

    /// Every case of every file that opens (files that do not are failed by `everyFileVerifies`).
    static func cases() -> [CaseReference] {
        files().flatMap { path -> [CaseReference] in
            guard let cases = try? FixtureFile(path: path).cases() else { return [] }
            return cases.map { CaseReference(file: path, group: $0.group, id: $0.id) }
        }
    }

    /// Fails loudly when the golden files are missing rather than passing vacuously.
    @Test func fixturesFolderHasGoldenFiles() {
        #expect(!Self.files().isEmpty, "no .h5 golden files in \(Self.folder): run `make fixtures` (see fixtures/README.md)")
    }

    @Test(arguments: GoldenTests.files())
    func everyFileVerifies(_ path: String) throws {
        let checked = try FixtureFile(path: path).verify()
        #expect(checked.cases > 0, "\(path) holds no cases")
    }

    @Test(arguments: GoldenTests.cases())
    func referenceReproducesCase(_ reference: CaseReference) throws {
        let file = try FixtureFile(path: reference.file)
        try GoldenCheck.expectReproduced(file.load(file.fixtureCase(reference.group)),
                                         "\(reference.file) \(reference.group) \(reference.id)")
    }
}
