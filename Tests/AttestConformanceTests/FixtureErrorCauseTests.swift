import AttestConformance
import AttestFixtures
import Foundation
import AttestTestSupport
import Testing

/// Errors of the golden fixture source keep their cause as a value: the
/// `FixtureError` (and inside it the `HDF5Error`), not a flattened string.
/// A broken file does not stop the source from opening (its other files'
/// cases still run, `CorruptFixtureRunTests`); its manifest and id list throw.
struct FixtureErrorCauseTests {
    static let data = Repository.root.appendingPathComponent("Tests/AttestFixturesTests/Data")

    /// A folder holding one of the fixture module's bad test files.
    func folder(with file: String) throws -> URL {
        let dir = Fixture.temporaryDirectory()
        try FileManager.default.copyItem(at: Self.data.appendingPathComponent(file), to: dir.appendingPathComponent(file))
        return dir
    }

    @Test func anUnreadableFileKeepsTheHDF5Error() throws {
        let dir = try folder(with: "bad_truncated.h5")
        do {
            _ = try FixtureGoldenSource(directory: dir).manifest
            Issue.record("a truncated file has a manifest")
        } catch let ConformanceError.fixture(error) {
            #expect(error.file == dir.appendingPathComponent("bad_truncated.h5").path)
            guard case let .unreadable(hdf5) = error.problem else {
                Issue.record("expected an HDF5 cause, got \(error.problem)")
                return
            }
            #expect(hdf5.function == "H5Fopen")
            #expect(ConformanceError.fixture(error).description == "golden fixtures: \(error)")
        }
    }

    @Test func aSchemaProblemKeepsTheFixtureError() throws {
        let dir = try folder(with: "bad_newer_version.h5")
        #expect(throws: ConformanceError.fixture(FixtureError(file: dir.appendingPathComponent("bad_newer_version.h5").path,
                                                              problem: .unsupportedSchemaVersion(found: 2, supported: 1)))) {
            try FixtureGoldenSource(directory: dir).caseIDs()
        }
    }

    @Test func aMissingFolderIsNamed() {
        let dir = Fixture.temporaryDirectory().appendingPathComponent("absent")
        #expect(throws: ConformanceError.fixture(FixtureError(file: dir.path, problem: .noSuchFile))) {
            try FixtureGoldenSource(directory: dir)
        }
    }
}
