import AttestCore

/// Which implementation computes a call's golden (`ReferenceGolden`) and
/// tolerance baseline (`BaselineAttention`): the literal row-by-row ones
/// below `threshold`, the blocked GEMM ones (`BLASGolden`,
/// `BaselineAttention.blocked`) at or above it (`docs/tolerance.md`).
public enum GoldenPath: Sendable, Equatable {
    case literal
    case blocked

    /// 2^30 FLOPs (about 1.07 GFLOP): twice the largest case of `smoke`,
    /// `standard`, `full` and `stacks` (`full`'s Sq = 128, Skv = 8192, Hq = 2,
    /// D = 64 cases, 2^29), so each of their cases keeps the literal golden
    /// and baseline, and its verdict and bound; the sequence cases of `large`
    /// take the blocked path. The literal path runs near 0.2 GFLOP/s: one case
    /// at the threshold costs it about 5 s.
    public static let threshold = 1 << 30

    /// The path for `dims` (by `AttentionDims.flops`).
    public static func of(_ dims: AttentionDims) -> GoldenPath {
        dims.flops >= Double(threshold) ? .blocked : .literal
    }
}
