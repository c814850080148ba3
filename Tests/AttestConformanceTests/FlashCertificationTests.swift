import AttestConformance
import AttestKernels
import Testing

/// `flash` (issue 13) certified on `standard` under `swift test`, not only on
/// `smoke` like every catalog configuration (`CatalogConformanceTests`):
/// every generated, property, stack and golden-fixture case of the profile,
/// every element type and feature.
struct FlashCertificationTests {
    @Test func flashIsCertifiedOnStandard() throws {
        let run = try Fixture.run(FlashAttention(), profile: "standard")
        expectCertified(run, "flash on standard")
        #expect(run.results.contains { $0.verdict == .pass && $0.tags.contains("bf16") },
                "no bfloat16 case passed: \(run.results.count) results")
    }
}
