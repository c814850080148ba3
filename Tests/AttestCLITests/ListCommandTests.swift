@testable import attest
import ArgumentParser
import AttestCatalog
import AttestCore
import AttestReference
import AttestTestSupport
import SnapshotTesting
import Testing

/// `attest list`: its text is snapshot-tested (re-record with SNAPSHOT_TESTING_RECORD=all).
@Suite("attest list")
struct ListCommandTests {
    /// A kernel declaring everything `attest list` can show: a head-size limit,
    /// the NaN policy for fully masked rows, non-determinism.
    static let limited = FakeKernel(name: "limited", capabilities: KernelCapabilities(
        dtypes: [.float32, .bfloat16], features: [.causalBottomRight, .logSumExp, .groupedQuery],
        fullyMaskedRows: .nan, deterministic: false, maxHeadDim: 128))

    @Test("every line kind, from fixed registries")
    func fixedRegistries() throws {
        let kernels = KernelRegistry([ReferenceAttention(), Self.limited])
        let ring = PreambleFactory(name: "ring", summary: "ring attention over simulated ranks", parameters: [
            PreambleParameter("world", "number of ranks"), PreambleParameter("layout", "block order", default: "zigzag"),
        ]) { _ in PassthroughPreamble() }
        let preambles = PreambleRegistry([PassthroughPreamble.factory, ring])
        assertSnapshot(of: Listing.render(kernels: kernels, preambles: preambles), as: .lines, named: "list-fixed")
    }

    @Test("the shipped catalog, as `attest list` prints it")
    func catalog() throws {
        let text = Listing.render(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
        for kernel in Catalog.kernels() { #expect(text.contains("\n  \(kernel.name)\n"), "kernel \(kernel.name) listed") }
        for factory in Catalog.preambles() { #expect(text.contains("\n  \(factory.name): "), "preamble \(factory.name) listed") }
        assertSnapshot(of: text, as: .lines, named: "list-catalog")
    }

    @Test("`attest list` parses to the List subcommand; unknown subcommands are refused")
    func parsing() throws {
        #expect(try Attest.parseAsRoot(["list"]) is List)
        #expect(throws: (any Error).self) { try Attest.parseAsRoot(["lsit"]) }
    }
}
