import AttestCore

/// The configurations Attest certifies on its own (`make report`, the smoke
/// and calibration tests): every shipped kernel alone, and every shipped
/// preamble, with its default parameters, over every shipped kernel.
/// Preambles with a required parameter get `world=2` when that is the one
/// they need, and are left out otherwise.
public enum StandardConfigurations {
    public static func all(kernels: KernelRegistry, preambles: PreambleRegistry) -> [AttentionConfiguration] {
        var out = kernels.names.map { AttentionConfiguration(kernel: $0) }
        for factory in preambles.factories {
            let required = factory.parameters.filter { $0.defaultValue == nil }.map(\.name)
            guard required.allSatisfy({ $0 == "world" }) else { continue }
            let spec = PreambleSpec(name: factory.name, parameters: required.isEmpty ? [:] : ["world": "2"])
            out += kernels.names.map { AttentionConfiguration(kernel: $0, preambles: [spec]) }
        }
        return out
    }
}
