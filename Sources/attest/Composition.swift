import AttestConformance

/// Where the composition root gets what only other modules know.
enum GoldenFixtures {
    /// The golden fixture source (nil until the fixtures module provides one).
    static func source() -> (any GoldenCaseSource)? { nil }
    /// The libhdf5 version, from the fixtures module.
    static var hdf5Version: String { "unknown" }
}

enum KernelLibraries {
    /// The OpenBLAS version, from the kernels module.
    static var openBLASVersion: String { "unknown" }
}
