import AttestCore
import Testing

/// `KernelRegistry`: register, look up, list; duplicates and unknown names
/// are errors that say what to do.
@Suite("Kernel registry")
struct KernelRegistryTests {
    @Test("a taken name is an error unless replacing; replacing swaps the entry")
    func duplicates() throws {
        let registry = KernelRegistry([NamedKernel(name: "fast", tag: 1)])
        #expect(throws: AttestError.duplicateKernel("fast")) { try registry.register(NamedKernel(name: "fast", tag: 2)) }
        #expect((try registry.kernel(named: "fast") as? NamedKernel)?.tag == 1, "the first registration stays")
        try registry.register(NamedKernel(name: "fast", tag: 3), replacing: true)
        #expect((try registry.kernel(named: "fast") as? NamedKernel)?.tag == 3)
        #expect(registry.names == ["fast"])
        #expect(AttestError.duplicateKernel("fast").description.contains("replacing: true"))
    }

    @Test("an unknown name lists the registered ones, sorted")
    func unknown() {
        let registry = KernelRegistry([NamedKernel(name: "zeta"), NamedKernel(name: "alpha")])
        #expect(throws: AttestError.unknownKernel("beta", known: ["alpha", "zeta"])) { try registry.kernel(named: "beta") }
        #expect(errorMessage { _ = try registry.kernel(named: "beta") }
            == "unknown kernel 'beta'; registered kernels: alpha, zeta")
        #expect(errorMessage { _ = try KernelRegistry().kernel(named: "x") } == "unknown kernel 'x'; registered kernels: (none)")
    }

    @Test("names and kernels are listed sorted; an empty name is refused")
    func listing() {
        let registry = KernelRegistry([NamedKernel(name: "b"), NamedKernel(name: "c"), NamedKernel(name: "a")])
        #expect(registry.names == ["a", "b", "c"])
        #expect(registry.kernels.map(\.name) == ["a", "b", "c"])
        #expect(throws: AttestError.invalidArguments("a kernel name must not be empty")) { try registry.register(NamedKernel(name: "")) }
    }

    @Test("two registries are independent")
    func independent() throws {
        let one = KernelRegistry(), two = KernelRegistry()
        try one.register(NamedKernel(name: "k"))
        #expect(two.names.isEmpty)
    }
}
