import AttestCore
import Foundation

/// Two kernels that exist to test supervised execution, resolvable by
/// `attest certify`, `attest fuzz` and `attest worker` but listed nowhere:
/// the reference kernel, except on the one smoke-profile case shaped like
/// `probe.trigger` (bfloat16, causal top-left, Hq = 4, Hkv = 2), where
/// `probe/trap-on-one-case` traps (an out-of-range index) and
/// `probe/hang-on-one-case` sleeps forever. The smoke profile holds exactly
/// one such case (`docs/reliability.md`).
struct SupervisionProbe: AttentionKernel {
    enum Action: String, CaseIterable {
        case trap, hang
    }

    let action: Action
    let base: any AttentionKernel

    var name: String { "probe/\(action.rawValue)-on-one-case" }
    var capabilities: KernelCapabilities { base.capabilities }
    func support(for args: AttentionArguments) -> Support { base.support(for: args) }

    /// The case it misbehaves on.
    static func trigger(_ args: AttentionArguments) -> Bool {
        let d = args.dims
        return args.dtype == .bfloat16 && args.mask.causal == .topLeft && d.queryHeads == 4 && d.keyValueHeads == 2
    }

    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        if Self.trigger(args) {
            switch action {
            case .trap:
                let rows = [Int](repeating: 0, count: args.dims.queryHeads)
                FileHandle.standardError.write(Data("probe: indexing row \(rows.count) of \(rows.count)\n".utf8))
                _ = rows[rows.count]
            case .hang:
                while true { sleep(3600) }
            }
        }
        try base.forward(args, into: output)
    }

    /// Registers both probes over the registry's `reference` kernel.
    static func register(in registry: KernelRegistry) throws {
        let reference = try registry.kernel(named: "reference")
        for action in Action.allCases { try registry.register(SupervisionProbe(action: action, base: reference)) }
    }
}
