import Synchronization

/// One parameter a preamble accepts, for validation and `attest list`.
public struct PreambleParameter: Sendable, Hashable {
    public var name: String
    public var summary: String
    /// Used when the specification leaves the parameter out; nil means required.
    public var defaultValue: String?
    public init(_ name: String, _ summary: String, default defaultValue: String? = nil) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
    }
}

/// How to make a preamble from its parameters. `make` receives every declared
/// parameter (defaults filled in) and throws
/// `AttestError.invalidPreambleConfiguration` for values it cannot use.
public struct PreambleFactory: Sendable {
    public var name: String
    public var summary: String
    public var parameters: [PreambleParameter]
    /// The stacks this preamble is certified in by `attest certify --all`
    /// (`StandardConfigurations`); empty for none.
    public var standard: [StandardStack]
    public var make: @Sendable ([String: String]) throws -> any AttentionPreamble

    public init(name: String, summary: String, parameters: [PreambleParameter], standard: [StandardStack] = [],
                make: @escaping @Sendable ([String: String]) throws -> any AttentionPreamble) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.standard = standard
        self.make = make
    }
}

/// A stack of preambles a preamble declares as one of its standard
/// configurations, with the cores it is certified over.
public struct StandardStack: Sendable, Hashable {
    /// The preambles, outermost first (the declaring one among them).
    public var preambles: [PreambleSpec]
    /// The core kernels by name; nil for every registered kernel.
    public var kernels: [String]?

    public init(_ preambles: [PreambleSpec], kernels: [String]? = nil) {
        self.preambles = preambles
        self.kernels = kernels
    }
}

/// Preamble factories by name. Instances, not a global: see `KernelRegistry`.
public final class PreambleRegistry: Sendable {
    private let entries = Mutex<[String: PreambleFactory]>([:])

    public init(_ factories: [PreambleFactory] = []) {
        for factory in factories {
            do { try register(factory) } catch { preconditionFailure("\(error)") }
        }
    }

    public func register(_ factory: PreambleFactory, replacing: Bool = false) throws {
        guard !factory.name.isEmpty, !factory.name.contains(":") else {
            throw AttestError.invalidPreambleConfiguration(preamble: factory.name, reason: "a preamble name must be non-empty and contain no ':'")
        }
        try entries.withLock { entries in
            if entries[factory.name] != nil && !replacing { throw AttestError.duplicatePreamble(factory.name) }
            entries[factory.name] = factory
        }
    }

    public func factory(named name: String) throws -> PreambleFactory {
        try entries.withLock { entries in
            guard let f = entries[name] else { throw AttestError.unknownPreamble(name, known: entries.keys.sorted()) }
            return f
        }
    }

    /// Creates the preamble `spec` names, after checking its parameters:
    /// unknown ones and missing required ones are errors naming them.
    public func make(_ spec: PreambleSpec) throws -> any AttentionPreamble {
        let factory = try factory(named: spec.name)
        let known = Set(factory.parameters.map(\.name))
        if let unknown = spec.parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw AttestError.invalidPreambleConfiguration(
                preamble: spec.name,
                reason: "unknown parameter '\(unknown)'; accepted: \(known.isEmpty ? "(none)" : known.sorted().joined(separator: ", "))")
        }
        var values: [String: String] = [:]
        for p in factory.parameters {
            guard let value = spec.parameters[p.name] ?? p.defaultValue else {
                throw AttestError.invalidPreambleConfiguration(preamble: spec.name, reason: "missing required parameter '\(p.name)' (\(p.summary))")
            }
            values[p.name] = value
        }
        return try factory.make(values)
    }

    public var names: [String] { entries.withLock { $0.keys.sorted() } }
    public var factories: [PreambleFactory] { entries.withLock { e in e.keys.sorted().map { e[$0]! } } }
}
