import AttestConformance
import AttestKernels
import Foundation

/// Where the composition root gets what only other modules know.
enum GoldenFixtures {
    /// The golden fixtures of `DefaultFolders.fixtures`, or nil when that folder is missing.
    /// A folder that exists but cannot be read is a usage/harness error for the caller to report.
    static func source() throws -> (any GoldenCaseSource)? {
        let dir = DefaultFolders.fixtures
        guard FileManager.default.fileExists(atPath: dir.path) else { return nil }
        return try FixtureGoldenSource(directory: dir)
    }

    /// The libhdf5 version, from the fixtures module.
    static var hdf5Version: String { FixtureGoldenSource.hdf5Version }
}

enum KernelLibraries {
    /// The OpenBLAS version, from the kernels module.
    static var openBLASVersion: String { OpenBLASLibrary.configuration }
}
