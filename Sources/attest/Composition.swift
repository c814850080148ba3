import AttestConformance
import AttestKernels
import AttestSupervisor
import Foundation

/// Where the composition root gets what only other modules know.
enum GoldenFixtures {
    /// The golden fixtures of `DefaultFolders.fixtures`, or nil when that folder is missing.
    /// A folder that exists but cannot be read is a usage/harness error for the caller to report.
    /// `supervised` (the default): files that are not hash-verified are checked
    /// in an `attest fixture-worker` process first (`FixtureWorker.checker`);
    /// `--in-process` runs read every file in this process.
    static func source(supervised: Bool = true) throws -> (any GoldenCaseSource)? {
        let dir = DefaultFolders.fixtures
        guard FileManager.default.fileExists(atPath: dir.path) else { return nil }
        return try FixtureGoldenSource(directory: dir, checker: supervised ? FixtureWorker.checker : nil)
    }

    /// The libhdf5 version, from the fixtures module.
    static var hdf5Version: String { FixtureGoldenSource.hdf5Version }
}

enum KernelLibraries {
    /// The OpenBLAS version, from the kernels module.
    static var openBLASVersion: String { OpenBLASLibrary.configuration }
}
