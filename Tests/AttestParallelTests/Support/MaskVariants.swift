import AttestCore
import AttestTensor
import AttestTestSupport

/// The contract's features, each applied to a random problem, to run every
/// preamble over every kind of metadata it must move.
enum Variant: String, CaseIterable, CustomStringConvertible, Sendable {
    case plain, causalTopLeft, causalBottomRightCross, windowCausal, windowTwoSided, keyPadding, queryPadding,
         packedCrossingRanks, booleanPerHead, booleanBroadcast, biasPerHead, biasBroadcast, alibi, softcapAndScale, valueDim

    var description: String { rawValue }

    /// Shapes: B = 3 unless packed (B = 1); S = 12, so shards straddle documents and padding.
    var shape: Shape {
        switch self {
        case .packedCrossingRanks: Shape(b: 1, sq: 12, skv: 12, hq: 4, hkv: 2, d: 4, dv: 4)
        case .causalBottomRightCross: Shape(b: 3, sq: 8, skv: 12, hq: 4, hkv: 2, d: 4, dv: 4)
        case .valueDim: Shape(b: 3, sq: 12, skv: 12, hq: 4, hkv: 2, d: 4, dv: 3)
        default: Shape(b: 3, sq: 12, skv: 12, hq: 4, hkv: 2, d: 4, dv: 4)
        }
    }

    func arguments(seed: UInt64 = 7) -> AttentionArguments {
        let s = shape
        var args = randomArguments(s, seed: seed)
        var rng = SeededGenerator(seed: seed &+ 99)
        switch self {
        case .plain, .valueDim: break
        case .causalTopLeft: args.mask.causal = .topLeft
        case .causalBottomRightCross: args.mask.causal = .bottomRight
        case .windowCausal: args.mask = AttentionMask(causal: .bottomRight, window: SlidingWindow(left: 2, right: 0))
        case .windowTwoSided: args.mask.window = SlidingWindow(left: 1, right: 2)
        case .keyPadding: args.mask = AttentionMask(causal: .bottomRight, keyLengths: [9, 12, 1])
        case .queryPadding: args.mask = AttentionMask(causal: .topLeft, keyLengths: [10, 12, 5], queryLengths: [7, 12, 0])
        case .packedCrossingRanks:
            args.mask = AttentionMask(causal: .bottomRight, packed: PackedSequences(queryOffsets: [0, 5, 6, 10], keyOffsets: [0, 4, 7, 11]))
        case .booleanPerHead:
            args.mask.boolean = Tensor(shape: [s.b, s.hq, s.sq, s.skv]) { _ in rng.next() % 3 != 0 }
        case .booleanBroadcast:
            args.mask.boolean = Tensor(shape: [1, 1, s.sq, s.skv]) { x in x[3] <= x[2] + 1 && rng.next() % 4 != 0 }
        case .biasPerHead:
            args.bias = .float64(Tensor(shape: [s.b, s.hq, s.sq, s.skv]) { _ in rng.next() % 5 == 0 ? -.infinity : rng.uniform(in: -1 ... 1) })
        case .biasBroadcast:
            args.bias = .float64(Tensor(shape: [1, 1, s.sq, s.skv]) { _ in rng.uniform(in: -1 ... 1) * 2 })
            args.mask.causal = .topLeft
        case .alibi:
            args.alibiSlopes = (0 ..< s.hq).map { 0.5 / Double($0 + 1) }
            args.mask = AttentionMask(causal: .bottomRight, keyLengths: [12, 8, 10])
        case .softcapAndScale:
            args.softcap = 0.8
            args.scale = -0.7
        }
        return args
    }
}
