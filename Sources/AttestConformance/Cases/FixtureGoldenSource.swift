import AttestCore
import AttestFixtures
import Foundation
import Synchronization

/// The golden cases of the fixture files in a folder (`fixtures/*.h5`, schema
/// in `fixtures/README.md`), read through `AttestFixtures`.
///
/// Every HDF5 call of this source runs under the process-wide `HDF5Library`
/// lock (shared with the external-kernel exchange files), so it is safe even
/// with a libhdf5 built without its thread-safe option; the runner's other
/// work stays parallel.
/// A file that cannot be opened or indexed (corrupted, truncated, not a
/// fixture file) does not stop the source: it is recorded as broken, each
/// case of its family (`fwd:golden:<family>:…` reads `<family>.h5`) fails to
/// load with that file's error, which the runner reports as a HARNESS_ERROR
/// naming the file, and the other files' cases run. The manifest then cannot
/// be read (it throws that file's error), which makes the run INVALID even when
/// no selected case reads the file: a run never certifies over a broken
/// fixture set. Module cases (`mha:golden:module:…`) are judged on their core attention:
/// the stored float64 q, k, v (the projection outputs) against the stored o
/// and lse; the module's y is the fixtures module's own test.
public final class FixtureGoldenSource: GoldenCaseSource {
    private struct Entry: Sendable {
        var path: String
        var group: String
    }

    private let index: [String: Entry]
    private let ids: [String]
    private let fileManifests: [String: String]
    /// The files that could not be indexed, by file name (`masks.h5`), with their error.
    private let broken: [String: ConformanceError]

    /// Opens every `.h5` file in `directory` and indexes its case ids. A file
    /// that cannot be read is recorded as broken (see above); throws when the
    /// folder cannot be listed or two cases share an id.
    public init(directory: URL) throws {
        var index: [String: Entry] = [:]
        var manifests: [String: String] = [:]
        var broken: [String: ConformanceError] = [:]
        let paths: [String]
        do { paths = try FixtureFile.files(at: directory.path) } catch {
            throw ConformanceError.fixture(error)
        }
        for path in paths {
            do {
                let file = try FixtureFile(path: path)
                for c in try file.cases() {
                    guard index[c.id] == nil else { throw ConformanceError.duplicateFixtureCase(id: c.id, file: path) }
                    index[c.id] = Entry(path: path, group: c.group)
                }
                manifests[(path as NSString).lastPathComponent] = try file.manifestSHA256()
            } catch let e as ConformanceError {
                throw e
            } catch let e as FixtureError {
                let name = (path as NSString).lastPathComponent
                broken[name] = .fixture(e)
                for (id, entry) in index where entry.path == path { index[id] = nil }
            }
        }
        self.index = index
        self.broken = broken
        ids = index.keys.sorted()
        fileManifests = manifests
    }

    /// Every indexed id; throws the first broken file's error (by name), so a
    /// profile is never generated from a partial fixture set.
    public func caseIDs() throws -> [String] {
        try throwIfBroken()
        return ids
    }

    /// Throws the first broken file's error (by file name), if any.
    private func throwIfBroken() throws {
        if let name = broken.keys.sorted().first, let error = broken[name] { throw error }
    }

    /// The linked libhdf5 version (e.g. "1.10.8").
    public static var hdf5Version: String { FixtureFile.hdf5LibraryVersion }

    public func load(_ id: String) throws -> GoldenProblem {
        guard let entry = index[id] else {
            if case let .golden(family, _)? = (try? CaseSpec(parsing: id))?.origin, let error = broken["\(family).h5"] { throw error }
            throw ConformanceError.unknownCase(id, "no fixture file holds it")
        }
        return try HDF5Library.serialized { () throws -> GoldenProblem in
            do {
                let file = try FixtureFile(path: entry.path)
                let loaded = try file.load(try file.fixtureCase(entry.group))
                guard loaded.fixture.id == id else {
                    throw ConformanceError.fixtureCaseMoved(file: entry.path, group: entry.group, holds: loaded.fixture.id, expected: id)
                }
                return GoldenProblem(args: loaded.arguments, o: loaded.expectedOutput, lse: loaded.expectedLogSumExp)
            } catch let e as ConformanceError {
                throw e
            } catch let e as FixtureError {
                throw ConformanceError.fixture(e)
            }
        }
    }

    /// Per file its `manifest_sha256`; throws the first broken file's error (by name).
    public var manifest: FixtureManifest {
        get throws {
            try throwIfBroken()
            let lines = fileManifests.keys.sorted().map { "\($0) \(fileManifests[$0]!)\n" }.joined()
            return FixtureManifest(files: fileManifests, sha256: Hashing.sha256(Data(lines.utf8)),
                                   hdf5Version: FixtureFile.hdf5LibraryVersion)
        }
    }
}
