import Foundation
import Synchronization

/// The temporary folder of one run's exchange files (`docs/external-kernels.md`
/// §1): `attest-exchange-XXXXXX/` under `$TMPDIR` (else `/tmp`), one
/// `batch-NNNNNN/` per run of the command. Removed by `finish()` unless kept.
public final class ExchangeFolder: Sendable {
    public let url: URL
    public let keep: Bool
    private let counter = Atomic<Int>(0)

    /// Creates a fresh folder (mkdtemp); throws a sentence when it cannot.
    public init(keep: Bool) throws(ExternalKernelError) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/attest-exchange-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ExternalKernelError("cannot create the exchange folder under \(base): \(String(cString: strerror(errno)))")
        }
        url = URL(fileURLWithPath: String(cString: made))
        self.keep = keep
    }

    /// A new, empty batch folder: `batch-000001`, `batch-000002`, ...
    func nextBatch() throws(ExternalKernelError) -> URL {
        let n = counter.add(1, ordering: .relaxed).newValue
        let dir = url.appendingPathComponent(String(format: "batch-%06d", n))
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false) } catch {
            throw ExternalKernelError("cannot create \(dir.path): \(error)")
        }
        return dir
    }

    /// Removes a batch folder once its response is read (unless the exchange is kept).
    func done(with batch: URL) {
        if !keep { try? FileManager.default.removeItem(at: batch) }
    }

    /// Removes the whole folder unless it is kept; returns the kept folder's path.
    @discardableResult
    public func finish() -> String? {
        if keep { return url.path }
        try? FileManager.default.removeItem(at: url)
        return nil
    }
}
