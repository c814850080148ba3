import AttestCore
import AttestTensor
import Foundation

// Bugs in how a score is formed: scale, softcap, bias, ALiBi.

/// Multiplies q·k by 1: the `1/sqrt(D)` (or the caller's scale) never applied.
struct ScaleMissing: AttentionSteps {
    func scale(_ args: AttentionArguments) -> Double { 1 }
}

/// Default scale `1/D` instead of `1/sqrt(D)`; an explicit scale is honoured.
struct ScaleInverseHeadDim: AttentionSteps {
    func scale(_ args: AttentionArguments) -> Double { args.scale ?? 1 / Double(args.dims.headDim) }
}

/// Ignores the softcap: scores are never passed through `c·tanh(s/c)`.
struct SoftcapMissing: AttentionSteps {
    func combine(scaled s: Double, softcap: Double?, additive: Double) -> Double { s + additive }
}

/// Caps `s + bias + alibi` instead of capping `s` and then adding them.
struct SoftcapAfterBias: AttentionSteps {
    func combine(scaled s: Double, softcap: Double?, additive: Double) -> Double {
        let t = s + additive
        return softcap.map { ScoreRules<Double>.capped(t, softcap: $0) } ?? t
    }
}

/// ALiBi with the wrong sign: `+slope·|distance|` rewards far keys.
struct AlibiSignFlipped: AttentionSteps {
    func alibi(slope: Double, segment: QuerySegment, key j: Int) -> Double {
        -ScoreRules<Double>.alibi(slope: slope, center: segment.alibiCenter, key: j)
    }
}

/// ALiBi distance aligned top-left (`|i' - j'|`) instead of bottom-right.
struct AlibiTopLeft: AttentionSteps {
    func alibi(slope: Double, segment: QuerySegment, key j: Int) -> Double {
        ScoreRules<Double>.alibi(slope: slope, center: segment.keyStart + segment.localQuery, key: j)
    }
}

/// A bias broadcast over one axis is indexed along the other: a `[1, Hq]`
/// bias is read at head `b % Hq` and a `[B, 1]` bias at batch `h % B`
/// (the broadcast axes of heads and batch confused). Full `[B, Hq]` and
/// fully broadcast `[1, 1]` biases are read correctly.
struct BiasBroadcastAxisSwapped: AttentionSteps {
    func bias(_ bias: Tensor<Double>, batch b: Int, head h: Int, query i: Int, key j: Int) -> Double {
        switch (bias.shape[0], bias.shape[1]) {
        case (1, 1): bias[0, 0, i, j]
        case (1, let heads): bias[0, b % heads, i, j]
        case (let batches, 1): bias[h % batches, 0, i, j]
        default: bias[b, h, i, j]
        }
    }
}
