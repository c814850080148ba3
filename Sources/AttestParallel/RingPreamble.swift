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
public struct RingPreamble: AttentionPreamble {
    public let world: Int
    public let layout: RingLayout
    public let timeout: Double
    public let log: CommunicationLog
    /// A deliberate bug for mutation testing; nil in normal use.
    public let mutation: PreambleMutation?

    public init(world: Int, layout: RingLayout = .contiguous, timeout: Double = UlyssesPreamble.defaultTimeout,
                log: CommunicationLog = CommunicationLog(), mutation: PreambleMutation? = nil) {
        precondition(world >= 1, "ring needs world >= 1, got \(world)")
        precondition(timeout > 0, "timeout must be positive, got \(timeout)")
        precondition(!(mutation?.isUlysses ?? false), "\(mutation!) is a Ulysses mutation")
        self.mutation = mutation
        self.world = world
        self.layout = layout
        self.timeout = timeout
        self.log = log
    }

    /// `ring`, or the mutant's registry name (`PreambleMutation.registryName`).
    public var name: String { mutation?.registryName ?? "ring" }
    public var parameters: [String: String] {
        var p = ["world": "\(world)", "layout": layout.rawValue]
        if timeout != UlyssesPreamble.defaultTimeout { p["timeout"] = "\(timeout)" }
        return p
    }

    /// What the ring can offer over `core`: every mask feature when the core
    /// takes boolean masks (blocks become boolean masks), else only the causal
    /// alignments the core has; bias and ALiBi when the core takes a bias; lse
    /// and `zero` fully masked rows from the merge.
    public func capabilities(over core: KernelCapabilities) -> KernelCapabilities {
        var features = core.features.intersection([.softcap, .groupedQuery, .valueDimDiffers, .logSumExp])
        let maskFeatures: Set<AttentionFeature> = [.causalTopLeft, .causalBottomRight, .slidingWindow, .keyPadding,
                                                   .queryPadding, .packedSequences, .booleanMask]
        features.formUnion(core.features.contains(.booleanMask) ? maskFeatures
                           : core.features.intersection([.causalTopLeft, .causalBottomRight]))
        if core.features.contains(.additiveBias) { features.formUnion([.additiveBias, .alibi]) }
        return KernelCapabilities(dtypes: core.dtypes, features: features, fullyMaskedRows: world == 1 ? core.fullyMaskedRows : .zero,
                                  deterministic: core.deterministic, maxHeadDim: core.maxHeadDim)
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
        let onlyCausal = m.window == nil && m.keyLengths == nil && m.queryLengths == nil && m.packed == nil && m.boolean == nil
        if onlyCausal && m.causal == nil { return AttentionMask() }
        if onlyCausal && args.dims.queryLength == args.dims.keyLength { return AttentionMask(causal: m.causal) }
        return AttentionMask(boolean: Tensor(shape: [1, 1, 1, 1], repeating: true))
    }

    /// Its registry entry: `ring:world=P[,layout=contiguous|zigzag][,timeout=seconds]`.
    public static let factory = PreambleFactory(
        name: "ring",
        summary: "ring attention: K/V blocks passed around the ranks, partial results merged by log-sum-exp",
        parameters: [
            PreambleParameter("world", "number of simulated ranks P (>= 1)"),
            PreambleParameter("layout", "token placement: contiguous or zigzag", default: RingLayout.contiguous.rawValue),
            PreambleParameter("timeout", "seconds a rank waits in a collective", default: "\(UlyssesPreamble.defaultTimeout)"),
        ]
    ) { values in
        let world = try PreambleValues.positiveInt(values, "world", preamble: "ring")
        let timeout = try PreambleValues.positiveDouble(values, "timeout", preamble: "ring")
        guard let layout = values["layout"].flatMap(RingLayout.init(rawValue:)) else {
            throw AttestError.invalidPreambleConfiguration(
                preamble: "ring", reason: "layout must be one of \(RingLayout.allCases.map(\.rawValue).joined(separator: ", ")), got '\(values["layout"] ?? "")'")
        }
        return RingPreamble(world: world, layout: layout, timeout: timeout)
    }
}
