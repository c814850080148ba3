import Synchronization

/// Kernels by name, like HuggingFace's `AttentionInterface.register`: register
/// at run time, look up, list. Each registry is its own instance (there is no
/// global one), so two configurations never see each other's registrations;
/// the `attest` tool builds one at start-up. Safe to use from any thread.
public final class KernelRegistry: Sendable {
    private let entries = Mutex<[String: any AttentionKernel]>([:])

    public init(_ kernels: [any AttentionKernel] = []) {
        for kernel in kernels {
            do { try register(kernel) } catch { preconditionFailure("\(error)") }
        }
    }

    /// Adds `kernel` under `kernel.name`. A taken name is an error unless
    /// `replacing` is true.
    public func register(_ kernel: any AttentionKernel, replacing: Bool = false) throws {
        guard !kernel.name.isEmpty else { throw AttestError.invalidArguments("a kernel name must not be empty") }
        try entries.withLock { entries in
            if entries[kernel.name] != nil && !replacing { throw AttestError.duplicateKernel(kernel.name) }
            entries[kernel.name] = kernel
        }
    }

    /// The kernel named `name`; an unknown name is an error listing the known ones.
    public func kernel(named name: String) throws -> any AttentionKernel {
        try entries.withLock { entries in
            guard let kernel = entries[name] else {
                throw AttestError.unknownKernel(name, known: entries.keys.sorted())
            }
            return kernel
        }
    }

    /// Registered names, sorted.
    public var names: [String] { entries.withLock { $0.keys.sorted() } }

    /// Registered kernels, sorted by name.
    public var kernels: [any AttentionKernel] {
        entries.withLock { e in e.keys.sorted().map { e[$0]! } }
    }
}
