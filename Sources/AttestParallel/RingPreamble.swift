import AttestCore
import AttestTensor

/// Ring attention over P simulated ranks (notes §4, §7.3): each rank keeps
/// its query rows and passes its key/value block around the ring; at step s
/// rank r holds the block of rank (r − s) mod P, calls the core on the part of
/// it that its queries see (`RingBlock`), and merges the block result into its
/// running result by log-sum-exp (`LogSumExpMerge`, float64). K and V make all
/// P − 1 hops even when a block is skipped, as in ring-flash-attention.
///
/// Layouts: `RingLayout` (contiguous or zigzag), applied to queries and to
/// keys separately. Heads are never split, so per-head parameters stay whole
/// (ALiBi becomes part of each block's bias). Per-token padding and
/// packed-sequence metadata is all-gathered once before the loop.
///
/// Needs a core that writes lse (`logSumExp`); block outputs come back in the
/// input element type (as a real ring's bf16 blocks do) and are merged in
/// float64, then rounded once into the caller's buffers. P = 1 calls the core
/// once with the caller's arguments and buffers (an exact identity).
///
/// The call runs through `ShardedCall` (the skeleton shared with Ulysses); the
/// steps a variant may replace are `RingSteps`.
public struct RingPreamble: AttentionPreamble {
    public let world: Int
    public let layout: RingLayout
    public let timeout: Double
    public let log: CommunicationLog
    /// The steps it runs: the contract's (`RingContractSteps`) unless a variant replaces some.
    public let steps: any RingSteps
    /// The registry name it reports: `ring`, or the name of the variant `steps` make.
    public let name: String

    public init(world: Int, layout: RingLayout = .contiguous, timeout: Double = SimulatedProcessGroup.defaultTimeout,
                log: CommunicationLog = CommunicationLog(), steps: any RingSteps = RingContractSteps(), name: String = "ring") {
        precondition(world >= 1, "ring needs world >= 1, got \(world)")
        precondition(timeout > 0, "timeout must be positive, got \(timeout)")
        self.world = world
        self.layout = layout
        self.timeout = timeout
        self.log = log
        self.steps = steps
        self.name = name
    }

    public var parameters: [String: String] {
        PreambleValues.parameters(world: world, timeout: timeout).merging(["layout": layout.rawValue]) { a, _ in a }
    }

    /// What the ring can offer over `core`: every mask feature when the core
    /// takes boolean masks (blocks become boolean masks), else only the causal
    /// alignments the core has; bias and ALiBi when the core takes a bias; lse
    /// and `zero` fully masked rows from the merge. Decided per feature by
    /// `offers(_:over:)`.
    public func capabilities(over core: KernelCapabilities) -> KernelCapabilities {
        let features = AttentionFeature.allCases.filter { Self.offers($0, over: core.features) }
        return KernelCapabilities(dtypes: core.dtypes, features: Set(features), fullyMaskedRows: world == 1 ? core.fullyMaskedRows : .zero,
                                  deterministic: core.deterministic, maxHeadDim: core.maxHeadDim, lsePrecision: core.lsePrecision,
                                  maxFlops: core.maxFlops)
    }

    /// Whether the ring offers `feature` over a core with `core` features.
    /// Exhaustive, so a new feature is a compile error here until the ring's
    /// rule for it is written.
    static func offers(_ feature: AttentionFeature, over core: Set<AttentionFeature>) -> Bool {
        switch feature {
        case .softcap, .groupedQuery, .valueDimDiffers, .logSumExp:
            // Passed to every block call unchanged.
            core.contains(feature)
        case .causalTopLeft, .causalBottomRight:
            // The diagonal and zigzag half blocks are causal blocks; any other block becomes a boolean mask.
            core.contains(feature) || core.contains(.booleanMask)
        case .slidingWindow, .keyPadding, .queryPadding, .packedSequences, .booleanMask:
            // Positional masks reach the blocks as boolean masks (`RingBlock`).
            core.contains(.booleanMask)
        case .additiveBias, .alibi:
            // The global bias and the ALiBi term reach the blocks as one bias block.
            core.contains(.additiveBias)
        }
    }

    public func support(for args: AttentionArguments, core: any AttentionKernel) -> Support {
        if let reason = rejection(args, core: core) { return .notSupported("\(specification): \(reason)") }
        guard world > 1 else { return core.support(for: args) }
        let d = args.dims
        let local = AttentionDims(batch: d.batch, queryLength: layout.positions(rank: 0, world: world, length: d.queryLength).count,
                                  keyLength: layout.positions(rank: 0, world: world, length: d.keyLength).count,
                                  queryHeads: d.queryHeads, keyValueHeads: d.keyValueHeads, headDim: d.headDim, valueDim: d.valueDim)
        let call = LocalCall.placeholder(args, dims: local, headOffset: 0, mask: predictedBlockMask(args),
                                         bias: args.bias != nil || args.alibiSlopes != nil)
        if case let .notSupported(reason) = core.support(for: call) {
            return .notSupported("\(core.name) on ring blocks \(local): \(reason)")
        }
        return .supported
    }

    /// Why this call cannot run, or nil.
    func rejection(_ args: AttentionArguments, core: any AttentionKernel) -> String? {
        guard core.capabilities.features.contains(.logSumExp) else {
            return "ring needs a core that returns lse; \(core.name) does not declare the lse feature"
        }
        do {
            try layout.check(length: args.dims.queryLength, world: world, name: "Sq")
            try layout.check(length: args.dims.keyLength, world: world, name: "Skv")
        } catch let rejection as PlanRejection { return rejection.reason } catch { return "\(error)" }
        return nil
    }

    /// The kind of mask the block calls use: none without masking, the same
    /// causal alignment for plain causal self-attention (Sq == Skv), else boolean.
    func predictedBlockMask(_ args: AttentionArguments) -> AttentionMask {
        let m = args.mask
        let positional = args.requiredFeatures.filter { $0.kind == .mask }
        let onlyCausal = positional.isSubset(of: [.causalTopLeft, .causalBottomRight])
        if onlyCausal && m.causal == nil { return AttentionMask() }
        if onlyCausal && args.dims.queryLength == args.dims.keyLength { return AttentionMask(causal: m.causal) }
        return AttentionMask(boolean: Tensor(shape: [1, 1, 1, 1], repeating: true))
    }

    /// Its registry entry: `ring:world=P[,layout=contiguous|zigzag][,timeout=seconds]`.
    /// Standard configurations: P = 2 over every kernel; P = 4 contiguous and
    /// zigzag over the reference.
    public static let factory = factory()

    /// A registry entry making ring preambles from `steps` under `name` (the
    /// mutant zoo's entries are made here with their own steps).
    public static func factory(name: String = "ring",
                               summary: String = "ring attention: K/V blocks passed around the ranks, partial results merged by log-sum-exp",
                               steps: any RingSteps = RingContractSteps(),
                               standard: [StandardStack] = RingPreamble.standardStacks) -> PreambleFactory {
        PreambleFactory(
            name: name, summary: summary,
            parameters: [PreambleValues.world,
                         PreambleParameter("layout", "token placement: contiguous or zigzag", default: RingLayout.contiguous.rawValue),
                         PreambleValues.timeout],
            standard: standard
        ) { values in
            let (world, timeout) = try PreambleValues.worldAndTimeout(values, preamble: name)
            guard let layout = values["layout"].flatMap(RingLayout.init(rawValue:)) else {
                throw AttestError.invalidPreambleConfiguration(
                    preamble: name, reason: "layout must be one of \(RingLayout.allCases.map(\.rawValue).joined(separator: ", ")), got '\(values["layout"] ?? "")'")
            }
            return RingPreamble(world: world, layout: layout, timeout: timeout, steps: steps, name: name)
        }
    }

    /// The standard configurations its registry entry declares.
    public static let standardStacks: [StandardStack] = [
        StandardStack([PreambleSpec(name: "ring", parameters: ["world": "2"])]),
        StandardStack([PreambleSpec(name: "ring", parameters: ["world": "4"])], kernels: ["reference"]),
        StandardStack([PreambleSpec(name: "ring", parameters: ["world": "4", "layout": "zigzag"])], kernels: ["reference"]),
    ]
}
