import AttestFixtures
import Foundation
import Testing

/// The corpus regression test: every input in `Data/fuzz-regressions/` (inputs
/// that once crashed, trapped or over-allocated in the reader, found by
/// `make fuzz-hdf5` or the byte-flip campaign, `docs/reliability.md`) is read
/// the way the fuzz target reads it: `verify()`, then every case on its own.
/// Each must end in a `FixtureError` that names the file; a crash ends the
/// test process, which fails the run. `libhdf5-crashes/` is not read here: its
/// inputs crash inside libhdf5 1.10.8 before any check of the reader can run
/// (its README); `AttestCLITests.LibHDF5CrashTests` reads them through the
/// `attest` binary, which checks such files in a supervised worker process.
@Suite struct FuzzRegressionTests {
    static let folder = "fuzz-regressions"

    static var inputs: [String] {
        guard let data = try? TestData.path(folder) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []
        // Files only: libhdf5-crashes/ holds inputs that crash libhdf5 itself (README there).
        return names.filter { $0.hasSuffix(".h5") }.sorted()
    }

    @Test func corpusIsPresent() throws {
        #expect(Self.inputs.count >= 1, "no regression inputs in Data/\(Self.folder)")
    }

    @Test(arguments: inputs)
    func regressionInputIsRefusedCleanly(_ name: String) throws {
        let path = try TestData.path("\(Self.folder)/\(name)")
        var errors: [FixtureError] = []
        do {
            let file = try FixtureFile(path: path)
            do { _ = try file.verify() } catch { errors.append(error) }
            for group in (try? file.caseGroups()) ?? [] {
                do { _ = try file.load(try file.fixtureCase(group)) } catch { errors.append(error) }
            }
        } catch {
            errors.append(error)
        }
        #expect(!errors.isEmpty, "\(name) is accepted: a regression input is a corrupted file")
        for error in errors {
            #expect(error.file == path && error.description.hasPrefix(path + ": "), "\(name): \(error)")
        }
    }
}
