import AttestCore
import AttestTensor

/// One randomly chosen attention problem of the property-based search: every
/// choice is a small value (so a failing problem shrinks field by field), and
/// the numbers and mask data are drawn from `seed` by `arguments()`.
///
/// Sizes use the `AttentionDims` legend; `Hq = Hkv · groupSize`.
public struct FuzzProblem: Sendable, Hashable, CustomStringConvertible {
    /// How q, k and v are laid out in memory (the values are the same).
    public enum Layout: String, Sendable, Hashable, CaseIterable {
        /// Contiguous `[B, S, H, D]`.
        case contiguous
        /// Permuted views of contiguous `[B, H, S, D]` buffers.
        case headsMajor = "bhsd"
        /// Views of `[B, S, H, D + 3]` buffers, the 3 padding elements NaN.
        case paddedRows = "padded"
        /// Views of buffers one batch entry longer, the extra entry NaN.
        case nanTail = "nan_tail"
    }

    /// The leading sizes of a `[Bx, Hx, Sq, Skv]` bias or boolean mask.
    public enum Broadcast: String, Sendable, Hashable, CaseIterable {
        /// `[1, 1]`: one plane for every batch entry and head.
        case shared = "1x1"
        /// `[B, 1]`: broadcast over heads.
        case perBatch = "Bx1"
        /// `[1, Hq]`: broadcast over batch entries.
        case perHead = "1xH"
        /// `[B, Hq]`.
        case full = "BxH"
    }

    public var dtype: DType
    public var batch: Int, queryLength: Int, keyLength: Int
    public var keyValueHeads: Int, groupSize: Int, headDim: Int, valueDim: Int
    public var causal: CausalAlignment?
    public var window: SlidingWindow?
    /// Random key / query lengths per batch entry (0 allowed: fully masked rows).
    public var keyPadding: Bool, queryPadding: Bool
    /// Packed sequences (forces B = 1 and no padding).
    public var packed: Bool
    public var booleanMask: Broadcast?
    public var bias: Broadcast?
    public var alibi: Bool
    public var softcap: Double?
    public var scale: Double?
    public var layout: Layout
    /// q and k uniform in [-30, 30] instead of [-2, 2]: scores in the
    /// hundreds or thousands, where a softmax that does not subtract the row
    /// maximum overflows.
    public var largeLogits: Bool
    /// Seed of the numbers and mask data; below 2^63 (fixtures store it as int64).
    public var seed: UInt64

    /// Normalizes the combination so it always validates: packed sequences
    /// force B = 1 and drop padding.
    public init(dtype: DType, batch: Int, queryLength: Int, keyLength: Int, keyValueHeads: Int, groupSize: Int,
                headDim: Int, valueDim: Int, causal: CausalAlignment? = nil, window: SlidingWindow? = nil,
                keyPadding: Bool = false, queryPadding: Bool = false, packed: Bool = false,
                booleanMask: Broadcast? = nil, bias: Broadcast? = nil, alibi: Bool = false,
                softcap: Double? = nil, scale: Double? = nil, layout: Layout = .contiguous, largeLogits: Bool = false,
                seed: UInt64 = 0) {
        precondition([batch, queryLength, keyLength, keyValueHeads, groupSize, headDim, valueDim].allSatisfy { $0 >= 1 },
                     "every size of a fuzz problem must be at least 1")
        precondition(seed <= UInt64(Int64.max), "a fuzz problem's data seed must fit in int64, got \(seed)")
        self.dtype = dtype
        self.batch = packed ? 1 : batch
        self.queryLength = queryLength
        self.keyLength = keyLength
        self.keyValueHeads = keyValueHeads
        self.groupSize = groupSize
        self.headDim = headDim
        self.valueDim = valueDim
        self.causal = causal
        self.window = window
        self.keyPadding = keyPadding && !packed
        self.queryPadding = queryPadding && !packed
        self.packed = packed
        self.booleanMask = booleanMask
        self.bias = bias
        self.alibi = alibi
        self.softcap = softcap
        self.scale = scale
        self.layout = layout
        self.largeLogits = largeLogits
        self.seed = seed
    }

    public var dims: AttentionDims {
        AttentionDims(batch: batch, queryLength: queryLength, keyLength: keyLength,
                      queryHeads: keyValueHeads * groupSize, keyValueHeads: keyValueHeads,
                      headDim: headDim, valueDim: valueDim)
    }

    /// One line, e.g. `f32 B=2 Sq=5 Skv=7 Hq=4 Hkv=2 D=3 Dv=5 causal_br window=2,inf bias=1xH layout=bhsd seed=9`.
    public var description: String {
        let d = dims
        var parts = ["\(dtype.shortName) B=\(d.batch) Sq=\(d.queryLength) Skv=\(d.keyLength) Hq=\(d.queryHeads)",
                     "Hkv=\(d.keyValueHeads) D=\(d.headDim) Dv=\(d.valueDim)"]
        if let causal { parts.append((causal == .topLeft ? AttentionFeature.causalTopLeft : .causalBottomRight).rawValue) }
        if let window { parts.append("window=\(window.left.map(String.init) ?? "inf"),\(window.right.map(String.init) ?? "inf")") }
        if keyPadding { parts.append(AttentionFeature.keyPadding.rawValue) }
        if queryPadding { parts.append(AttentionFeature.queryPadding.rawValue) }
        if packed { parts.append(AttentionFeature.packedSequences.rawValue) }
        if let booleanMask { parts.append("bool_mask=\(booleanMask.rawValue)") }
        if let bias { parts.append("bias=\(bias.rawValue)") }
        if alibi { parts.append("alibi") }
        if let softcap { parts.append("softcap=\(softcap)") }
        if let scale { parts.append("scale=\(scale)") }
        if largeLogits { parts.append("large_logits") }
        parts.append("layout=\(layout.rawValue)")
        parts.append("seed=\(seed)")
        return parts.joined(separator: " ")
    }
}
