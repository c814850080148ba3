import Foundation

/// The process-wide lock of libhdf5 for code that may run beside another
/// thread's HDF5 work (the golden fixture source, the external-kernel
/// exchange files). Debian 12's libhdf5 is built thread-safe
/// (`H5is_library_threadsafe` gives 1, measured 2026-12-02) and serializes
/// its calls itself; a build without that option does not, and then every
/// caller must hold one lock, this one. Not reentrant: never call
/// `serialized` from inside it.
extension HDF5Library {
    private static let lock = NSLock()

    /// Runs `body` while holding the libhdf5 lock.
    public static func serialized<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
