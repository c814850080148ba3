import AttestCatalog
import AttestConformance
import AttestCore
import Testing

/// `attest certify --all` (hence `make report`) learns its configurations from
/// the registries: every kernel alone, then the stacks each preamble declares.
@Suite struct StandardConfigurationsTests {
    static let kernels = Catalog.kernelRegistry(), preambles = Catalog.preambleRegistry()

    @Test("--all is the 20 configurations make report certifies")
    func allIsTheReportSet() throws {
        let got = StandardConfigurations.all(kernels: Self.kernels, preambles: Self.preambles)
        let perKernel = ["", "passthrough", "ring:world=2", "ulysses:world=2"]
        let overReference = [["ring:world=4"], ["ring:world=4,layout=zigzag"], ["ulysses:world=4"], ["ulysses:world=4", "ring:world=2"]]
        var expected = try ["blas", "flash", "reference", "tiled"].flatMap { kernel in
            try perKernel.map { AttentionConfiguration(kernel: kernel, preambles: $0.isEmpty ? [] : [try PreambleSpec(parsing: $0)]) }
        }
        expected += try overReference.map { AttentionConfiguration(kernel: "reference", preambles: try $0.map(PreambleSpec.init(parsing:))) }
        #expect(Set(got) == Set(expected), "extra: \(Set(got).subtracting(expected)), missing: \(Set(expected).subtracting(got))")
        #expect(got.count == 20, "\(got.map(\.description))")
        #expect(Set(got.map(\.slug)).count == got.count, "two configurations would share a report folder")
    }

    @Test("everyKernel is the per-kernel part: each kernel alone and under each preamble's every-kernel stack")
    func everyKernelIsTheSweep() {
        let sweep = StandardConfigurations.everyKernel(kernels: Self.kernels, preambles: Self.preambles)
        #expect(sweep.count == 16)
        #expect(Set(sweep.map(\.kernel)) == Set(Self.kernels.names))
        #expect(sweep.allSatisfy { $0.preambles.count <= 1 && $0.preambles.allSatisfy { ($0.parameters["world"] ?? "2") == "2" } })
    }

    @Test("a declared stack naming an unregistered preamble or kernel is left out")
    func unregisteredNamesAreLeftOut() {
        let orphan = PreambleFactory(name: "orphan", summary: "test", parameters: [],
                                     standard: [StandardStack([PreambleSpec(name: "orphan"), PreambleSpec(name: "missing")]),
                                                StandardStack([PreambleSpec(name: "orphan")], kernels: ["no-such-kernel"])]) { _ in
            PassthroughPreamble()
        }
        let got = StandardConfigurations.all(kernels: Self.kernels, preambles: PreambleRegistry([orphan]))
        #expect(got.map(\.description) == Self.kernels.names)
    }
}
