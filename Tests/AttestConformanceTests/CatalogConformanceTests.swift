import AttestCatalog
import AttestConformance
import AttestCore
import Testing

/// Every shipped kernel and standard stack keeps its conformance under
/// `swift test`: certified on smoke. The standard profile over several seeds
/// is `make conformance` (run by `make test`), all ten seeds `make calibrate`.
struct CatalogConformanceTests {
    static let configurations = StandardConfigurations.everyKernel(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())

    static func kernel(_ c: AttentionConfiguration) throws -> any AttentionKernel {
        try c.resolve(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
    }

    @Test(arguments: configurations)
    func smokeProfileCertifies(_ configuration: AttentionConfiguration) throws {
        expectCertified(try Fixture.run(try Self.kernel(configuration), profile: "smoke"), "\(configuration) on smoke")
    }
}
