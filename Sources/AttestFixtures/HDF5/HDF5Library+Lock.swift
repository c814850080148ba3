import Foundation

/// The process-wide lock of libhdf5. Debian's libhdf5 is built without its
/// thread-safe option, so no two threads may be inside it at once: every
/// caller that may run beside another thread's HDF5 work (the golden fixture
/// source, the external-kernel exchange files) runs its HDF5 calls inside
/// `serialized`. Not reentrant: never call `serialized` from inside it.
extension HDF5Library {
    private static let lock = NSLock()

    /// Runs `body` while holding the libhdf5 lock.
    public static func serialized<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
