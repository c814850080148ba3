import AttestCore
import AttestTestSupport
import Testing

/// `KernelRegistry`: register, look up, list; duplicates and unknown names
/// are errors that say what to do.
@Suite("Kernel registry")
struct KernelRegistryTests {
    @Test("a taken name is an error unless replacing; replacing swaps the entry")
    func duplicates() throws {
        let registry = KernelRegistry([FakeKernel(name: "fast", tag: 1)])
        #expect(throws: AttestError.duplicateKernel("fast")) { try registry.register(FakeKernel(name: "fast", tag: 2)) }
        #expect((try registry.kernel(named: "fast") as? FakeKernel)?.tag == 1, "the first registration stays")
        try registry.register(FakeKernel(name: "fast", tag: 3), replacing: true)
        #expect((try registry.kernel(named: "fast") as? FakeKernel)?.tag == 3)
        #expect(registry.names == ["fast"])
        #expect(AttestError.duplicateKernel("fast").description.contains("replacing: true"))
    }

    @Test("an unknown name lists the registered ones, sorted")
    func unknown() {
        let registry = KernelRegistry([FakeKernel(name: "zeta"), FakeKernel(name: "alpha")])
        #expect(throws: AttestError.unknownKernel("beta", known: ["alpha", "zeta"])) { try registry.kernel(named: "beta") }
        #expect(errorMessage { _ = try registry.kernel(named: "beta") }
            == "unknown kernel 'beta'; registered kernels: alpha, zeta")
        #expect(errorMessage { _ = try KernelRegistry().kernel(named: "x") } == "unknown kernel 'x'; registered kernels: (none)")
    }

    @Test("names and kernels are listed sorted; an empty name is refused")
    func listing() {
        let registry = KernelRegistry([FakeKernel(name: "b"), FakeKernel(name: "c"), FakeKernel(name: "a")])
        #expect(registry.names == ["a", "b", "c"])
        #expect(registry.kernels.map(\.name) == ["a", "b", "c"])
        #expect(throws: AttestError.invalidArguments("a kernel name must not be empty")) { try registry.register(FakeKernel(name: "")) }
    }

    @Test("two registries are independent")
    func independent() throws {
        let one = KernelRegistry(), two = KernelRegistry()
        try one.register(FakeKernel(name: "k"))
        #expect(two.names.isEmpty)
    }
}
