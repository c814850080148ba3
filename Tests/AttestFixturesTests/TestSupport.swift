import AttestFixtures
import Foundation
import Synchronization
import Testing

/// Paths of the committed test data (written by `tools/fixtures/make_test_data.py` with h5py).
enum TestData {
    static func path(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Data", withExtension: nil),
                               "test resources folder Data is missing", sourceLocation: sourceLocation)
        let path = url.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "test data file \(name) is missing",
                     sourceLocation: sourceLocation)
        return path
    }

    /// A fresh path in a new temporary folder (the folder is not removed: tests may inspect it).
    static func temporaryPath(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }
}

/// Runs code on a brand-new thread (one where HDF5's per-thread error printing
/// has never been switched off) while file descriptor 2 is redirected to a
/// temporary file, and returns what was written to stderr meanwhile.
/// Captures are serialised by a lock because fd 2 is process-wide.
enum StderrCapture {
    private static let lock = Mutex(())

    /// The text HDF5 prints when it reports an error on its own.
    static let hdf5Marker = "HDF5-DIAG"

    private final class Box<T>: @unchecked Sendable {
        // Written by the worker thread before it signals, read after the wait: the semaphore orders them.
        var value: T?
    }

    static func onFreshThread<T>(_ body: @escaping @Sendable () -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return box.value!
    }

    static func capture<T>(_ body: @escaping @Sendable () -> T) -> (result: T, stderr: String) {
        lock.withLock { _ in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)").path
            let fd = open(file, O_CREAT | O_RDWR | O_TRUNC, 0o600)
            precondition(fd >= 0, "cannot create \(file)")
            fflush(nil)  // every C stream (stderr itself is unbuffered)
            let saved = dup(2)
            dup2(fd, 2)
            let result = onFreshThread(body)
            fflush(nil)  // every C stream (stderr itself is unbuffered)
            dup2(saved, 2)
            close(saved)
            close(fd)
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: file)
            return (result, text)
        }
    }
}
