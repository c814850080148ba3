import AttestCore
import AttestKernels
import AttestParallel
import AttestReference

/// The composition of everything Attest ships: every kernel and every
/// preamble, in fresh registries. The `attest` tool and the tests that must
/// cover "every registered kernel" both start here, so a kernel added to the
/// package is certified by `swift test` as soon as it is listed below.
public enum Catalog {
    /// The shipped kernels (mutants excluded).
    public static func kernels() -> [any AttentionKernel] {
        [ReferenceAttention(),
         TiledAttention(),
         FlashAttention(),
         BLASAttention()]
    }

    /// The shipped preamble factories.
    public static func preambles() -> [PreambleFactory] {
        [PassthroughPreamble.factory, UlyssesPreamble.factory, RingPreamble.factory]
    }

    public static func kernelRegistry() -> KernelRegistry { KernelRegistry(kernels()) }
    public static func preambleRegistry() -> PreambleRegistry { PreambleRegistry(preambles()) }
}
