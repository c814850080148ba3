import AttestCore

/// The configurations Attest certifies on its own (`attest certify --all`,
/// hence `make report` and `make calibrate`): every registered kernel alone,
/// then the standard stacks every registered preamble declares
/// (`PreambleFactory.standard`), in registry order, each over the kernels it
/// names (all registered kernels when it names none). A stack naming a
/// preamble or kernel that is not registered is left out.
public enum StandardConfigurations {
    public static func all(kernels: KernelRegistry, preambles: PreambleRegistry) -> [AttentionConfiguration] {
        configurations(kernels: kernels, preambles: preambles) { _ in true }
    }

    /// The part of `all` over every kernel: each kernel alone and under each
    /// stack declared for every kernel (what the conformance tests sweep).
    public static func everyKernel(kernels: KernelRegistry, preambles: PreambleRegistry) -> [AttentionConfiguration] {
        configurations(kernels: kernels, preambles: preambles) { $0.kernels == nil }
    }

    private static func configurations(kernels: KernelRegistry, preambles: PreambleRegistry,
                                       including: (StandardStack) -> Bool) -> [AttentionConfiguration] {
        var out = kernels.names.map { AttentionConfiguration(kernel: $0) }
        let registered = Set(preambles.names)
        let everyKernel = preambles.factories.flatMap(\.standard).filter { $0.kernels == nil }
        let named = preambles.factories.flatMap(\.standard).filter { $0.kernels != nil }
        for stack in everyKernel + named where including(stack) && stack.preambles.allSatisfy({ registered.contains($0.name) }) {
            let cores = stack.kernels.map { $0.filter(kernels.names.contains) } ?? kernels.names
            out += cores.map { AttentionConfiguration(kernel: $0, preambles: stack.preambles) }
        }
        return out
    }
}
