import AttestCore
import Testing

/// `PreambleRegistry` and `PreambleSpec`: factories by name, parameters
/// checked against what the factory declares, specifications parsed with
/// errors naming the bad part.
@Suite("Preamble registry and specifications")
struct PreambleRegistryTests {
    static func ringFactory() -> PreambleFactory {
        PreambleFactory(name: "ring", summary: "test ring", parameters: [
            PreambleParameter("world", "ranks"), PreambleParameter("layout", "block order", default: "contiguous"),
        ]) { values in
            guard let world = Int(values["world"]!), world > 0 else {
                throw AttestError.invalidPreambleConfiguration(preamble: "ring", reason: "world must be a positive integer")
            }
            return SpecEcho(name: "ring", parameters: values)
        }
    }

    /// A passthrough that remembers the parameters it was made with.
    struct SpecEcho: AttentionPreamble {
        let name: String
        let parameters: [String: String]
        func capabilities(over core: KernelCapabilities) -> KernelCapabilities { core }
        func support(for args: AttentionArguments, core: any AttentionKernel) -> Support { core.support(for: args) }
        func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws {
            try core.forward(args, into: output)
        }
    }

    @Test("make fills defaults and passes every declared parameter")
    func defaults() throws {
        let registry = PreambleRegistry([Self.ringFactory()])
        let p = try registry.make(PreambleSpec(parsing: "ring:world=4"))
        #expect(p.parameters == ["world": "4", "layout": "contiguous"])
        #expect(p.specification == "ring:layout=contiguous,world=4")
        let q = try registry.make(PreambleSpec(parsing: "ring:layout=zigzag,world=2"))
        #expect(q.parameters == ["world": "2", "layout": "zigzag"])
    }

    @Test("unknown preamble, unknown parameter, missing parameter, bad value")
    func errors() {
        let registry = PreambleRegistry([Self.ringFactory(), PassthroughPreamble.factory])
        #expect(throws: AttestError.unknownPreamble("ulysses", known: ["passthrough", "ring"])) {
            try registry.make(PreambleSpec(name: "ulysses"))
        }
        #expect(throws: AttestError.invalidPreambleConfiguration(preamble: "ring", reason: "unknown parameter 'size'; accepted: layout, world")) {
            try registry.make(PreambleSpec(name: "ring", parameters: ["world": "2", "size": "3"]))
        }
        #expect(throws: AttestError.invalidPreambleConfiguration(preamble: "passthrough", reason: "unknown parameter 'x'; accepted: (none)")) {
            try registry.make(PreambleSpec(name: "passthrough", parameters: ["x": "1"]))
        }
        #expect(throws: AttestError.invalidPreambleConfiguration(preamble: "ring", reason: "missing required parameter 'world' (ranks)")) {
            try registry.make(PreambleSpec(name: "ring"))
        }
        #expect(throws: AttestError.invalidPreambleConfiguration(preamble: "ring", reason: "world must be a positive integer")) {
            try registry.make(PreambleSpec(name: "ring", parameters: ["world": "zero"]))
        }
        #expect(errorMessage { _ = try registry.factory(named: "nope") } == "unknown preamble 'nope'; registered preambles: passthrough, ring")
    }

    @Test("duplicates need replacing; names with ':' or empty are refused")
    func registration() throws {
        let registry = PreambleRegistry([Self.ringFactory()])
        #expect(throws: AttestError.duplicatePreamble("ring")) { try registry.register(Self.ringFactory()) }
        var replacement = Self.ringFactory()
        replacement.summary = "replaced"
        try registry.register(replacement, replacing: true)
        #expect(try registry.factory(named: "ring").summary == "replaced")
        var colon = Self.ringFactory()
        colon.name = "a:b"
        #expect(throws: AttestError.self) { try registry.register(colon) }
        colon.name = ""
        #expect(throws: AttestError.self) { try registry.register(colon) }
        #expect(registry.names == ["ring"] && registry.factories.map(\.name) == ["ring"])
    }

    @Test("specifications parse name[:key=value,...] and print keys sorted")
    func parsing() throws {
        #expect(try PreambleSpec(parsing: "ulysses") == PreambleSpec(name: "ulysses"))
        let spec = try PreambleSpec(parsing: "ring:world=2,layout=zigzag")
        #expect(spec == PreambleSpec(name: "ring", parameters: ["world": "2", "layout": "zigzag"]))
        #expect(spec.description == "ring:layout=zigzag,world=2")
        #expect(try PreambleSpec(parsing: spec.description) == spec)
        #expect(try PreambleSpec(parsing: "a:k=x=y").parameters == ["k": "x=y"]) // the first '=' splits
    }

    @Test("malformed specifications name the bad part", arguments: [
        ("", "missing preamble name before ':'"),
        (":world=4", "missing preamble name before ':'"),
        ("ring:", "'' is not key=value"),
        ("ring:world", "'world' is not key=value"),
        ("ring:world=", "'world=' is not key=value"),
        ("ring:=4", "'=4' is not key=value"),
        ("ring:world=2,", "'' is not key=value"),
        ("ring:world=2,world=3", "parameter 'world' given twice"),
    ])
    func malformed(text: String, reason: String) {
        #expect(errorMessage { _ = try PreambleSpec(parsing: text) }.hasSuffix(reason), "\(text)")
    }
}
