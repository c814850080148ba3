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
/// The call runs through `ShardedCall` (the skeleton shared with the ring);
/// the steps a variant may replace are `UlyssesSteps`. Every forward records
/// one `CommunicationLedger` in `log`. Nothing is shared between instances:
/// two preambles with different head counts coexist.
public struct UlyssesPreamble: AttentionPreamble {
    /// P, the number of simulated ranks.
    public let world: Int
    /// Seconds a rank waits in a collective before the group fails.
    public let timeout: Double
    public let log: CommunicationLog
    /// The steps it runs: the contract's (`UlyssesContractSteps`) unless a variant replaces some.
    public let steps: any UlyssesSteps
    /// The registry name it reports: `ulysses`, or the name of the variant `steps` make.
    public let name: String

    public init(world: Int, timeout: Double = SimulatedProcessGroup.defaultTimeout, log: CommunicationLog = CommunicationLog(),
                steps: any UlyssesSteps = UlyssesContractSteps(), name: String = "ulysses") {
        precondition(world >= 1, "Ulysses needs world >= 1, got \(world)")
        precondition(timeout > 0, "timeout must be positive, got \(timeout)")
        self.world = world
        self.timeout = timeout
        self.log = log
        self.steps = steps
        self.name = name
    }

    public var parameters: [String: String] { PreambleValues.parameters(world: world, timeout: timeout) }

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

    /// Its registry entry: `ulysses:world=P[,timeout=seconds]`. Standard
    /// configurations: P = 2 over every kernel; P = 4, and USP (Ulysses P = 4
    /// outside ring P = 2), over the reference.
    public static let factory = factory()

    /// A registry entry making Ulysses preambles from `steps` under `name`
    /// (the mutant zoo's entries are made here with their own steps).
    public static func factory(name: String = "ulysses",
                               summary: String = "DeepSpeed-Ulysses: all-to-all from sequence to heads, core on local heads, all-to-all back",
                               steps: any UlyssesSteps = UlyssesContractSteps(),
                               standard: [StandardStack] = UlyssesPreamble.standardStacks) -> PreambleFactory {
        PreambleFactory(name: name, summary: summary, parameters: [PreambleValues.world, PreambleValues.timeout], standard: standard) { values in
            let (world, timeout) = try PreambleValues.worldAndTimeout(values, preamble: name)
            return UlyssesPreamble(world: world, timeout: timeout, steps: steps, name: name)
        }
    }

    /// The standard configurations its registry entry declares.
    public static let standardStacks: [StandardStack] = [
        StandardStack([PreambleSpec(name: "ulysses", parameters: ["world": "2"])]),
        StandardStack([PreambleSpec(name: "ulysses", parameters: ["world": "4"])], kernels: ["reference"]),
        StandardStack([PreambleSpec(name: "ulysses", parameters: ["world": "4"]), PreambleSpec(name: "ring", parameters: ["world": "2"])],
                      kernels: ["reference"]),
    ]
}
