import AttestCore
import AttestTensor

/// DeepSpeed-Ulysses sequence parallelism over P simulated ranks (notes §1.1,
/// §7.2): each rank holds a contiguous slice of the sequence with every head;
/// an all-to-all re-shards q, k and v from sequence to heads, the core runs on
/// the rank's heads over the whole sequence, and an all-to-all re-shards o
/// (and lse) back from heads to sequence.
///
/// Rules for uneven sequences and heads and for kv replication: `UlyssesPlan`.
/// Metadata: per-token padding and packed-sequence information is all-gathered
/// (`TokenMetadata`); a boolean mask or bias with a per-head axis (Hq) is
/// re-sharded like q, one with a broadcast head axis (1) is all-gathered along
/// the query axis; ALiBi slopes are sliced to the rank's heads. P = 1 calls the
/// core once with the caller's arguments and buffers (an exact identity).
///
/// Output precision: the core writes o and lse in the element types of the
/// caller's buffers and the all-to-alls copy them exactly, so Ulysses over a
/// deterministic head-separable core is equal to the core bit for bit.
///
/// Every forward records one `CommunicationLedger` in `log`. Nothing is shared
/// between instances: two preambles with different head counts coexist.
public struct UlyssesPreamble: AttentionPreamble {
    /// P, the number of simulated ranks.
    public let world: Int
    /// Seconds a rank waits in a collective before the group fails.
    public let timeout: Double
    public let log: CommunicationLog
    /// A deliberate bug for mutation testing; nil in normal use.
    public let mutation: PreambleMutation?

    public static let defaultTimeout = 30.0

    public init(world: Int, timeout: Double = UlyssesPreamble.defaultTimeout, log: CommunicationLog = CommunicationLog(),
                mutation: PreambleMutation? = nil) {
        precondition(world >= 1, "Ulysses needs world >= 1, got \(world)")
        precondition(timeout > 0, "timeout must be positive, got \(timeout)")
        precondition(mutation?.isUlysses ?? true, "\(mutation!) is a ring mutation")
        self.world = world
        self.timeout = timeout
        self.log = log
        self.mutation = mutation
    }

    /// `ulysses`, or the mutant's registry name (`PreambleMutation.registryName`).
    public var name: String { mutation?.registryName ?? "ulysses" }
    public var parameters: [String: String] {
        var p = ["world": "\(world)"]
        if timeout != Self.defaultTimeout { p["timeout"] = "\(timeout)" }
        return p
    }

    /// Ulysses passes every feature through to the core unchanged.
    public func capabilities(over core: KernelCapabilities) -> KernelCapabilities { core }

    public func support(for args: AttentionArguments, core: any AttentionKernel) -> Support {
        let plan: UlyssesPlan
        do { plan = try UlyssesPlan(args.dims, world: world) } catch let rejection as PlanRejection {
            return .notSupported("\(specification): \(rejection.reason)")
        } catch { return .notSupported("\(specification): \(error)") }
        for r in Set([0, world - 1]) {
            let local = LocalCall.placeholder(args, dims: plan.localDims(args.dims, rank: r), headOffset: plan.queryHeads.offsets[r])
            if case let .notSupported(reason) = core.support(for: local) {
                return .notSupported("\(core.name) on rank \(r)'s shard \(local.dims): \(reason)")
            }
        }
        return .supported
    }

    /// Its registry entry: `ulysses:world=P[,timeout=seconds]`.
    public static let factory = PreambleFactory(
        name: "ulysses",
        summary: "DeepSpeed-Ulysses: all-to-all from sequence to heads, core on local heads, all-to-all back",
        parameters: [
            PreambleParameter("world", "number of simulated ranks P (>= 1)"),
            PreambleParameter("timeout", "seconds a rank waits in a collective", default: "\(defaultTimeout)"),
        ]
    ) { values in
        let world = try PreambleValues.positiveInt(values, "world", preamble: "ulysses")
        let timeout = try PreambleValues.positiveDouble(values, "timeout", preamble: "ulysses")
        return UlyssesPreamble(world: world, timeout: timeout)
    }
}
