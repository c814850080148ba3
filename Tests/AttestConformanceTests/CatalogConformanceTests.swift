import AttestCatalog
import AttestConformance
import AttestCore
import Testing

/// Every shipped kernel and standard stack keeps its conformance under
/// `swift test`: certified on smoke, and calibrated on a seed subset of standard.
struct CatalogConformanceTests {
    static let configurations = StandardConfigurations.everyKernel(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())

    static func kernel(_ c: AttentionConfiguration) throws -> any AttentionKernel {
        try c.resolve(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
    }

    @Test(arguments: configurations)
    func smokeProfileCertifies(_ configuration: AttentionConfiguration) throws {
        expectCertified(try Fixture.run(try Self.kernel(configuration), profile: "smoke"), "\(configuration) on smoke")
    }

    /// Calibration subset: every standard case runs once per configuration,
    /// each case with one of 10 seeds (case k of the profile gets seed
    /// (k + configuration index) % 10), over every 8th case. The full
    /// calibration, every case over 10 seeds, is `make calibrate`.
    @Test(arguments: configurations.enumerated().map { ($0.offset, $0.element) })
    func standardCalibrationSubset(_ index: Int, _ configuration: AttentionConfiguration) throws {
        let kernel = try Self.kernel(configuration)
        let profile = try Fixture.profile("standard")
        let ids = profile.ids.enumerated().filter { ($0.offset + index) % 8 == 0 }.map { k, id in
            RunSelection.reseeded(id, by: (k + index) % 10)
        }
        let results = ConformanceRunner(resolver: CaseResolver(golden: sharedGolden, cache: sharedCache)).run(kernel: kernel, ids: ids, jobs: 2)
        let blocking = results.filter { $0.verdict.blocks }
        #expect(blocking.isEmpty, "\(configuration): \(blocking.count) blocking, first: \(blocking.prefix(3).map { "\($0.id) \($0.worst?.summary ?? $0.reason ?? "")" })")
        #expect(results.allSatisfy { $0.verdict != .notSupported || $0.reason != nil })
    }
}
