import AttestFixtures
import Foundation
import Synchronization
import Testing

/// Bad input gives a `FixtureError` naming the file and the problem; nothing
/// crashes; HDF5 prints nothing itself (checked on a fresh thread with fd 2
/// captured, see `StderrCapture`).
@Suite struct BadInputTests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        /// A file in Data/, or nil for a path that does not exist.
        var file: String?
        /// Text the error's description must contain (besides the path).
        var problem: [String]
        var testDescription: String { file ?? "missing file" }
    }

    static let inputs: [BadInput] = [
        BadInput(file: nil, problem: ["no such file"]),
        BadInput(file: "bad_truncated.h5", problem: ["cannot read HDF5", "H5Fopen", "truncated"]),
        BadInput(file: "bad_random.h5", problem: ["cannot read HDF5", "H5Fopen", "signature"]),
        BadInput(file: "bad_newer_version.h5", problem: ["schema version 2 is newer", "supports (1)"]),
        BadInput(file: "bad_not_attest.h5", problem: ["not an Attest fixture file", "'schema'"]),
        BadInput(file: "bad_missing_dataset.h5", problem: ["case c0001: missing dataset 'v'"]),
        BadInput(file: "bad_wrong_shape.h5", problem: ["case c0000: dataset 'k' has shape [2, 6, 2, 8], expected [2, 7, 2, 8]"]),
        BadInput(file: "bad_wrong_dtype.h5", problem: ["case c0000: dataset 'q' holds float64, expected float32"]),
        BadInput(file: "bad_hash.h5", problem: ["case c0002: hash mismatch for dataset /c0002/o"]),
    ]

    @Test(arguments: inputs)
    func verifyNamesFileAndProblem(_ input: BadInput) throws {
        let path = try input.file.map { try TestData.path($0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).h5").path
        let (result, stderr) = StderrCapture.capture { () -> Result<FixtureFile.Verification, FixtureError> in
            Result { () throws(FixtureError) in try FixtureFile(path: path).verify() }
        }
        guard case let .failure(error) = result else {
            Issue.record("\(input.testDescription): verify succeeded, expected an error")
            return
        }
        #expect(error.file == path)
        #expect(error.description.hasPrefix(path + ": "), "\(error)")
        for text in input.problem {
            #expect(error.description.contains(text), "\(input.testDescription): '\(text)' not in: \(error)")
        }
        #expect(!stderr.contains(StderrCapture.hdf5Marker), "HDF5 printed to stderr: \(stderr)")
    }

    /// The HDF5 layer alone: the error names the function, the file and the object, with HDF5's stack text.
    @Test func hdf5ErrorNamesFunctionFileAndStack() throws {
        let path = try TestData.path("bad_random.h5")
        let (result, stderr) = StderrCapture.capture { () -> Result<HDF5File, HDF5Error> in
            Result { () throws(HDF5Error) in try HDF5File.open(path) }
        }
        guard case let .failure(error) = result else {
            Issue.record("opening random bytes succeeded")
            return
        }
        #expect(error.function == "H5Fopen" && error.file == path && error.object == "/")
        #expect(error.stack.contains("H5Fopen(): unable to open file"), "\(error.stack)")
        #expect(!stderr.contains(StderrCapture.hdf5Marker), "HDF5 printed to stderr: \(stderr)")
    }

    @Test func missingDatasetAndAttributeThroughTheHDF5Layer() throws {
        let path = try TestData.path("schema_v1.h5")
        let (result, stderr) = StderrCapture.capture { () -> [String] in
            var messages: [String] = []
            guard let root = try? HDF5File.open(path).root() else { return ["cannot open \(path)"] }
            do { _ = try root.dataset("nope") } catch { messages.append("\(error)") }
            do { _ = try root.readIntAttribute("nope") } catch { messages.append("\(error)") }
            do { _ = try root.group("c0000").dataset("q").readRawBytes() } catch { messages.append("\(error)") }
            return messages
        }
        #expect(result.count == 2, "\(result)")
        #expect(result.first?.contains("H5Dopen2 failed for '/nope'") == true, "\(result)")
        #expect(result.last?.contains("H5Aopen failed for '/@nope'") == true, "\(result)")
        #expect(!stderr.contains(StderrCapture.hdf5Marker), "HDF5 printed to stderr: \(stderr)")
    }

    /// Several fresh threads failing at once: each silences its own error printing.
    @Test func concurrentFailuresPrintNothing() throws {
        let paths = try ["bad_random.h5", "bad_truncated.h5", "bad_hash.h5", "bad_wrong_shape.h5"].map { try TestData.path($0) }
        let (failures, stderr) = StderrCapture.capture { () -> Int in
            let group = DispatchGroup()
            let count = Mutex(0)
            for path in paths + paths {
                group.enter()
                Thread {
                    if (try? FixtureFile(path: path).verify()) == nil { count.withLock { $0 += 1 } }
                    group.leave()
                }.start()
            }
            group.wait()
            return count.withLock { $0 }
        }
        #expect(failures == 2 * paths.count)
        #expect(!stderr.contains(StderrCapture.hdf5Marker), "HDF5 printed to stderr: \(stderr)")
    }

    /// An attribute of the wrong HDF5 type (edited in place through the wrapper, read-write mode).
    @Test func attributeOfTheWrongTypeNamesFileAndAttribute() throws {
        let path = try TestData.temporaryPath("wrong_attribute.h5")
        try FileManager.default.copyItem(atPath: TestData.path("schema_v1.h5"), toPath: path)
        do { try HDF5File.open(path, mode: .readWrite).root().writeAttribute("schema_version", "1") }
        let error = try #require(throws: FixtureError.self) { try FixtureFile(path: path) }
        #expect(error.description == "\(path): attribute 'schema_version': attribute holds a string, not an integer")
    }
}
