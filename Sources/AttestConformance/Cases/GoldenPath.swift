import AttestCore

/// Which implementation computes a call's golden (`ReferenceGolden`) and
/// tolerance baseline (`BaselineAttention`): the literal row-by-row ones
/// below `threshold`, the blocked GEMM ones (`BLASGolden`,
/// `BaselineAttention.blocked`) at or above it (`docs/tolerance.md`).
public enum GoldenPath: Sendable, Equatable {
    case literal
    case blocked

    /// 2^30 FLOPs (about 1.07 GFLOP): twice the largest case of the shipped
    /// profiles (`full`'s Sq = 128, Skv = 8192, Hq = 2, D = 64 cases, 2^29),
    /// so every shipped case keeps the literal golden and baseline, and its
    /// verdict and bound. The literal path runs near 0.2 GFLOP/s: one case
    /// at the threshold costs it about 5 s.
    public static let threshold = 1 << 30

    /// The attention FLOP count `2 · B · Hq · Sq · Skv · (D + Dv)` (two GEMMs
    /// over every (query, key) pair, masked or not; 4·B·Hq·Sq·Skv·D when
    /// Dv = D), in float64 so that no size overflows.
    public static func flops(_ d: AttentionDims) -> Double {
        2 * Double(d.batch) * Double(d.queryHeads) * Double(d.queryLength) * Double(d.keyLength)
            * Double(d.headDim + d.valueDim)
    }

    /// The path for `dims`.
    public static func of(_ dims: AttentionDims) -> GoldenPath {
        flops(dims) >= Double(threshold) ? .blocked : .literal
    }
}
