/// Code that runs around a core attention function: `out = preamble(core, args)`.
///
/// A preamble receives the whole call and the core it wraps, and decides how
/// and how often to call the core (Ulysses re-shards across simulated ranks,
/// ring passes key/value blocks around). Stacked preambles see the rest of the
/// stack as their core, so they compose: see `StackedKernel`.
public protocol AttentionPreamble: Sendable {
    /// The registry name, e.g. `ulysses`.
    var name: String { get }
    /// The parameters it was created with, for descriptions and certificates.
    var parameters: [String: String] { get }
    /// What the stack can do given what its core can do.
    func capabilities(over core: KernelCapabilities) -> KernelCapabilities
    /// Whether the stack takes this call: the preamble's own shape rules, then
    /// the core's support for the calls the preamble would make.
    func support(for args: AttentionArguments, core: any AttentionKernel) -> Support
    /// Computes attention for `args` into `output`, calling `core` as needed.
    func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws
}

extension AttentionPreamble {
    /// `name` with its parameters in key order: `ulysses:world=4`.
    public var specification: String {
        PreambleSpec(name: name, parameters: parameters).description
    }
}

/// A preamble over a core: itself an `AttentionKernel`, so stacks nest.
public struct StackedKernel: AttentionKernel {
    public let preamble: any AttentionPreamble
    public let core: any AttentionKernel

    public init(preamble: any AttentionPreamble, core: any AttentionKernel) {
        self.preamble = preamble
        self.core = core
    }

    /// `ulysses:world=4 > ring:world=2 > reference`: outermost first.
    public var name: String { "\(preamble.specification) > \(core.name)" }
    public var capabilities: KernelCapabilities { preamble.capabilities(over: core.capabilities) }

    public func support(for args: AttentionArguments) -> Support {
        if case let .notSupported(reason) = capabilities.support(for: args) { return .notSupported(reason) }
        return preamble.support(for: args, core: core)
    }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try preamble.forward(args, into: output, core: core)
    }

    /// The preambles of this stack, outermost first.
    public var preambles: [any AttentionPreamble] {
        [preamble] + ((core as? StackedKernel)?.preambles ?? [])
    }
}

/// The identity preamble: calls the core once with the same arguments and
/// buffers. It exists to test stacking itself (a passthrough stack must equal
/// its core bit for bit).
public struct PassthroughPreamble: AttentionPreamble {
    public init() {}
    public var name: String { "passthrough" }
    public var parameters: [String: String] { [:] }
    public func capabilities(over core: KernelCapabilities) -> KernelCapabilities { core }
    public func support(for args: AttentionArguments, core: any AttentionKernel) -> Support { core.support(for: args) }
    public func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws {
        try core.forward(args, into: output)
    }

    /// Its registry entry; certified over every kernel.
    public static let factory = PreambleFactory(
        name: "passthrough", summary: "calls the core once, unchanged (tests stacking)", parameters: [],
        standard: [StandardStack([PreambleSpec(name: "passthrough")])]
    ) { _ in PassthroughPreamble() }
}
