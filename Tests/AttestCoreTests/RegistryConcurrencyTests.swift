import AttestCore
import AttestTestSupport
import Testing

/// Registries are shared across tasks: many concurrent registrations all land,
/// and when many tasks race for one name exactly one wins.
@Suite("Registry concurrency")
struct RegistryConcurrencyTests {
    @Test("500 tasks registering distinct kernels and preambles all land")
    func distinctNames() async {
        let kernels = KernelRegistry(), preambles = PreambleRegistry()
        await withTaskGroup(of: Void.self) { group in
            for n in 0 ..< 500 {
                group.addTask {
                    try? kernels.register(FakeKernel(name: "k\(n)"))
                    var factory = PassthroughPreamble.factory
                    factory.name = "p\(n)"
                    try? preambles.register(factory)
                    _ = kernels.names // concurrent reads too
                }
            }
        }
        #expect(Set(kernels.names) == Set((0 ..< 500).map { "k\($0)" }))
        #expect(Set(preambles.names) == Set((0 ..< 500).map { "p\($0)" }))
    }

    @Test("200 tasks racing for one name: exactly one registration succeeds")
    func racingForOneName() async throws {
        let kernels = KernelRegistry()
        let wins = await withTaskGroup(of: Int?.self) { group in
            for n in 0 ..< 200 {
                group.addTask { (try? kernels.register(FakeKernel(name: "same", tag: n))).map { n } }
            }
            var wins: [Int] = []
            for await w in group { if let w { wins.append(w) } }
            return wins
        }
        #expect(wins.count == 1)
        let winner = try #require(wins.first)
        #expect((try kernels.kernel(named: "same") as? FakeKernel)?.tag == winner)
    }
}
