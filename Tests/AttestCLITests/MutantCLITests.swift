import ArgumentParser
import AttestCatalog
import AttestConformance
import Foundation
import Testing
@testable import attest

/// `attest list --mutants` and `attest fuzz`: mutants are hidden unless
/// asked for; the search exits 1 and writes a fixture for a broken kernel,
/// and exits 0 for the reference.
@Suite struct MutantCLITests {
    @Test func listHidesMutantsUnlessAsked() throws {
        let plain = Listing.render(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
        #expect(!plain.contains("mutant/"))
        let withMutants = try CommandLineRegistries.kernels()
        let text = Listing.render(kernels: withMutants, preambles: Catalog.preambleRegistry())
        for mutant in Mutants.zoo {
            #expect(text.contains("  \(mutant.name)\n"), "\(mutant.name) missing from attest list --mutants")
            #expect(text.contains("bug:               \(mutant.bug)"))
        }
    }

    @Test func fuzzFindsAndWritesAFailureOfAMutant() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var command = try Fuzz.parse(["--kernel", "mutant/gqa-tiled", "--seconds", "20", "--seed", "2026", "--in-process", "--out", folder.path])
        #expect(throws: ExitCode.failure) { try command.run() }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("fuzz-seed-2026.h5").path))
    }

    @Test func fuzzFindsNothingForTheReference() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-fuzz-\(UUID().uuidString)")
        var command = try Fuzz.parse(["--kernel", "reference", "--seconds", "1", "--seed", "2026", "--in-process", "--out", folder.path])
        try command.run()
        #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing to write, so no folder")
    }

    @Test func fuzzRejectsBadUsage() {
        #expect(throws: (any Error).self) { try Fuzz.parse(["--kernel", "reference", "--seconds", "0"]) }
        #expect(throws: (any Error).self) { try Fuzz.parse(["--kernel", "reference", "--max-failures", "0"]) }
    }
}
