import AttestCatalog
import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing

/// Stacks: `AttentionConfiguration.resolve` wraps the core so the first
/// preamble listed is the outermost (it runs first and returns last), and a
/// passthrough stack computes exactly what its core computes.
@Suite("Preamble stacks")
struct PreambleStackTests {
    @Test("preambles run outermost first: the first listed enters first and leaves last")
    func order() throws {
        let journal = Journal()
        let kernels = KernelRegistry([recordingKernel(journal)])
        let preambles = PreambleRegistry([RecordingPreamble.factory(journal)])
        let config = AttentionConfiguration(kernel: "recorder", preambles: [
            try PreambleSpec(parsing: "record:tag=outer"), try PreambleSpec(parsing: "record:tag=middle"),
            try PreambleSpec(parsing: "record:tag=inner"),
        ])
        let stack = try config.resolve(kernels: kernels, preambles: preambles)
        _ = try stack(busyArguments(seed: 1))
        #expect(journal.entries == ["enter outer", "enter middle", "enter inner", "core", "leave inner", "leave middle", "leave outer"])
        #expect(stack.name == "record:tag=outer > record:tag=middle > record:tag=inner > recorder")
        #expect(config.description == stack.name)
        let stacked = try #require(stack as? StackedKernel)
        #expect(stacked.preambles.map(\.specification) == ["record:tag=outer", "record:tag=middle", "record:tag=inner"])
    }

    @Test("a configuration without preambles resolves to the core itself; unknown names fail")
    func resolution() throws {
        let kernels = KernelRegistry([FakeKernel(name: "core")])
        let preambles = PreambleRegistry([PassthroughPreamble.factory])
        #expect(try AttentionConfiguration(kernel: "core").resolve(kernels: kernels, preambles: preambles) is FakeKernel)
        #expect(throws: AttestError.unknownKernel("other", known: ["core"])) {
            try AttentionConfiguration(kernel: "other").resolve(kernels: kernels, preambles: preambles)
        }
        #expect(throws: AttestError.unknownPreamble("ring", known: ["passthrough"])) {
            try AttentionConfiguration(kernel: "core", preambles: [PreambleSpec(name: "ring")]).resolve(kernels: kernels, preambles: preambles)
        }
    }

    @Test("configuration names: description outermost first, slug file-system safe")
    func names() throws {
        let config = AttentionConfiguration(kernel: "reference", preambles: [
            try PreambleSpec(parsing: "ulysses:world=4"), try PreambleSpec(parsing: "ring:world=2"),
        ])
        #expect(config.description == "ulysses:world=4 > ring:world=2 > reference")
        #expect(config.slug == "reference+ulysses-world=4+ring-world=2")
    }

    @Test("a passthrough stack equals its core bit for bit (o and lse)", arguments: [0, 1, 3])
    func passthroughIsIdentity(depth: Int) throws {
        let config = AttentionConfiguration(kernel: "reference", preambles: Array(repeating: PreambleSpec(name: "passthrough"), count: depth))
        let stack = try config.resolve(kernels: Catalog.kernelRegistry(), preambles: Catalog.preambleRegistry())
        for seed: UInt64 in [1, 2, 3] {
            let args = busyArguments(seed: seed)
            let viaStack = try stack(args), direct = try ReferenceAttention()(args)
            #expect(viaStack.o.widened().scalars.map(\.bitPattern) == direct.o.widened().scalars.map(\.bitPattern), "depth \(depth) seed \(seed)")
            let a = try #require(viaStack.lse).widened(), b = try #require(direct.lse).widened()
            #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "depth \(depth) seed \(seed)")
        }
        #expect(stack.capabilities == ReferenceAttention().capabilities)
    }

    @Test("a stack declines what its core declines, with the core's reason")
    func support() throws {
        struct Float64Only: AttentionKernel {
            var name: String { "f64only" }
            var capabilities: KernelCapabilities { KernelCapabilities(dtypes: [.float64], features: []) }
            func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
                try ReferenceAttention().forward(args, into: output)
            }
        }
        let stack = StackedKernel(preamble: PassthroughPreamble(), core: Float64Only())
        let args = busyArguments(seed: 4)
        #expect(stack.support(for: args) == .notSupported("features alibi, bias, causal_br, dv_ne_d, gqa"))
        #expect(throws: AttestError.notSupported(kernel: "passthrough > f64only", reason: "features alibi, bias, causal_br, dv_ne_d, gqa")) {
            try stack(args)
        }
    }
}
