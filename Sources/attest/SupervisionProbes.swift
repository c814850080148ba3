import AttestCore
import Foundation

/// Kernels that exist to test supervised execution, resolvable by
/// `attest certify`, `attest fuzz` and the workers but listed nowhere:
/// the reference kernel, except on the one smoke-profile case shaped like
/// `probe.trigger` (bfloat16, causal top-left, Hq = 4, Hkv = 2), where
/// `probe/trap-on-one-case` traps (an out-of-range index) and
/// `probe/hang-on-one-case` sleeps forever; and, for `attest fuzz`, where
/// `probe/trap-on-gqa` traps on every grouped-query problem (Hq > Hkv).
/// The smoke profile holds exactly one trigger case (`docs/reliability.md`).
struct SupervisionProbe: AttentionKernel {
    enum Action: String, CaseIterable {
        case trap, hang
        /// Traps on every grouped-query problem (Hq > Hkv): one fuzz problem in two or so, for `attest fuzz`.
        case trapOnGroupedQuery = "trap-on-gqa"
    }

    let action: Action
    let base: any AttentionKernel

    var name: String { action == .trapOnGroupedQuery ? "probe/\(action.rawValue)" : "probe/\(action.rawValue)-on-one-case" }
    var capabilities: KernelCapabilities { base.capabilities }
    func support(for args: AttentionArguments) -> Support { base.support(for: args) }

    /// The case it misbehaves on.
    static func trigger(_ args: AttentionArguments) -> Bool {
        let d = args.dims
        return args.dtype == .bfloat16 && args.mask.causal == .topLeft && d.queryHeads == 4 && d.keyValueHeads == 2
    }

    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        let d = args.dims
        switch action {
        case .trap where Self.trigger(args):
            let rows = [Int](repeating: 0, count: d.queryHeads)
            FileHandle.standardError.write(Data("probe: indexing row \(rows.count) of \(rows.count)\n".utf8))
            _ = rows[rows.count]
        case .trapOnGroupedQuery where d.queryHeads > d.keyValueHeads:
            let heads = [Int](repeating: 0, count: d.keyValueHeads)
            FileHandle.standardError.write(Data("probe: kv head \(d.queryHeads - 1) of \(heads.count)\n".utf8))
            _ = heads[d.queryHeads - 1]
        case .hang where Self.trigger(args):
            while true { sleep(3600) }
        default:
            break
        }
        try base.forward(args, into: output)
    }

    /// Registers the probes over the registry's `reference` kernel.
    static func register(in registry: KernelRegistry) throws {
        let reference = try registry.kernel(named: "reference")
        for action in Action.allCases { try registry.register(SupervisionProbe(action: action, base: reference)) }
    }
}
