import AttestCore
import AttestTensor
import Foundation

/// The fast float64 golden: the function of `ReferenceAttention` (the
/// specification, `docs/semantics.md`) computed with dgemm over blocks of
/// query rows, for cases too large for the literal row-by-row reference
/// (`docs/tolerance.md`, "The blocked golden and baseline").
///
/// It is `BLASPass<Double>` (the algorithm of `BLASAttention`, each rule of
/// the contract from `ScoreRules`) run on inputs of any element type widened
/// exactly to float64, with its work items spread over `workers` threads:
///
///     for each (b, kv head, block of query positions), M = rows · G score rows:
///     S[M×|K|] = scale · Q[M×D] · K[|K|×D]ᵀ        dgemm
///     S        = softcap, bias, ALiBi, masks        row by row (`ScoreRules<Double>`)
///     P        = exp(S - rowmax) / Σ exp(S - rowmax), lse = rowmax + log Σ
///     O[M×Dv]  = P · V[|K|×Dv]                      dgemm
///
/// Precision: float64 throughout (dgemm accumulates in float64, the softmax
/// uses the C library's `exp` and `log` in float64); o and lse are returned
/// in float64, unrounded. It differs from the literal reference only in
/// summation order (OpenBLAS's blocked order instead of d = 0, 1, … and
/// j = 0, 1, …) and in dividing by the row sum as a multiplication by its
/// inverse: `BLASGoldenTests` holds it to the reference within 1e-12
/// relative on every mask kind and feature. Fully masked rows give o = 0
/// and lse = -inf; a NaN score makes its row NaN; non-finite values of v
/// are kept out of the GEMM (`BLASPass.nonFiniteValues`), so hidden keys
/// never leak into o, as in the reference.
///
/// Memory: the widened inputs plus, per worker, one score block of
/// `rows · G × Skv` float64 with `rows · G · Skv <= scoreBlockElements`
/// (and the same for a bias or boolean mask): O(block), never O(Sq · Skv).
public enum BLASGolden {
    /// Score-block size per worker, in float64 elements (32 MiB).
    public static let scoreBlockElements = 1 << 22

    /// Worker threads when the caller does not say: every core when OpenBLAS
    /// runs single-threaded (`OPENBLAS_NUM_THREADS=1`, as the Makefile
    /// exports), else 1, so that OpenBLAS's own threads use the cores and the
    /// two kinds of threads do not oversubscribe them.
    public static var defaultWorkers: Int {
        OpenBLASLibrary.threads > 1 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// o `[B, Sq, Hq, Dv]` and lse `[B, Hq, Sq]` of `args`, float64.
    /// Throws what `args.validate()` throws, or `notSupported` when a GEMM
    /// size does not fit OpenBLAS's 32-bit integers.
    public static func compute(_ args: AttentionArguments, workers: Int? = nil) throws
        -> (o: Tensor<Double>, lse: Tensor<Double>) {
        try args.validate()
        let d = args.dims
        let rowsPerChunk = max(d.groupSize, min(256, scoreBlockElements / max(1, d.keyLength)))
        let rows = min(max(1, rowsPerChunk / d.groupSize), d.queryLength) * d.groupSize
        guard [rows, d.keyLength, d.headDim, d.valueDim].allSatisfy(BLAS.fits) else {
            throw AttestError.notSupported(kernel: "blas-golden", reason: "sizes \(d) exceed OpenBLAS's 32-bit blasint")
        }
        let out = AttentionOutput.allocate(d, dtype: .float64, lseDType: .float64)
        BLASPass<Double>(args, rowsPerChunk: rowsPerChunk).run(into: out, workers: workers ?? defaultWorkers)
        return (out.o.widened(), out.lse!.widened())
    }
}
