import AttestCatalog
import AttestCore

/// The configurations the property-based search covers under `swift test`:
/// every shipped (non-mutant) kernel of `Catalog.kernels()`, bare and behind
/// each shipped preamble of `Catalog.preambles()` with its default
/// parameters (preambles with a required parameter are skipped: they have
/// no standard configuration).
public enum StandardStacks {
    /// One configuration: a kernel or a stack, named like `attest certify` names it.
    public struct Target: Sendable, CustomStringConvertible {
        public let configuration: AttentionConfiguration
        public let kernel: any AttentionKernel
        public var description: String { configuration.description }
    }

    /// Throws when a shipped preamble cannot be built with its defaults.
    public static func configurations() throws -> [Target] {
        let kernels = Catalog.kernelRegistry(), preambles = Catalog.preambleRegistry()
        let stacks: [[PreambleSpec]] = [[]] + preambles.factories
            .filter { $0.parameters.allSatisfy { $0.defaultValue != nil } }
            .map { [PreambleSpec(name: $0.name)] }
        return try kernels.names.filter { !Mutants.isMutant($0) }.flatMap { name in
            try stacks.map { specs in
                let configuration = AttentionConfiguration(kernel: name, preambles: specs)
                return Target(configuration: configuration, kernel: try configuration.resolve(kernels: kernels, preambles: preambles))
            }
        }
    }
}
