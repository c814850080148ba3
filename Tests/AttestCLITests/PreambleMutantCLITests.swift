import ArgumentParser
import AttestCatalog
import AttestConformance
import Foundation
import Testing
@testable import attest

/// Mutant preambles are hidden from `attest list` unless asked for, and
/// `attest certify` takes them by name and does not certify them.
@Suite struct PreambleMutantCLITests {
    @Test func listHidesMutantPreamblesUnlessAsked() throws {
        let plain = Listing.render(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
        let text = Listing.render(kernels: Catalog.kernelRegistry(), preambles: try CommandLineRegistries.preambles())
        for mutant in PreambleMutants.zoo {
            #expect(!plain.contains(mutant.name))
            #expect(text.contains("  \(mutant.name): MUTANT: \(mutant.bug)"), "\(mutant.name) missing with --mutants")
        }
    }

    @Test func certifyRejectsAMutantPreamble() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = try Certify.parse(["--kernel", "reference", "--preamble", "mutant/ulysses-a2a-order:world=4",
                                         "--profile", "stacks", "--query", "fwd:gen:dense:*", "--plain", "--out", folder.path,
                                         "--in-process"])
        #expect(throws: ExitCode.failure) { try command.run() }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("certificate.json").path))
    }
}
