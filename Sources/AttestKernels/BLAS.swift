import AttestCore
import CBLAS
import Foundation

/// The one file of AttestKernels that imports CBLAS: thin typed GEMM wrappers
/// over OpenBLAS's `cblas_sgemm` / `cblas_dgemm`, row-major.
public protocol BLASScalar: KernelScalar {
    /// `C[m×n] = alpha · A[m×k] · op(B) + beta · C`, row-major, where op(B) is
    /// `B[k×n]` (`transposeB == false`) or `B[n×k]ᵀ` (`transposeB == true`).
    /// Accumulates in the element type (sgemm: float32, dgemm: float64).
    /// Every size and leading dimension must fit in `Int32` (OpenBLAS's `blasint`).
    static func gemm(m: Int, n: Int, k: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     b: UnsafePointer<Self>, ldb: Int, transposeB: Bool, beta: Self,
                     c: UnsafeMutablePointer<Self>, ldc: Int)
}

/// `x` as OpenBLAS's 32-bit `blasint`; callers check `BLAS.fits` first.
@inline(__always) private func blasint(_ x: Int) -> Int32 {
    precondition(x >= 0 && x <= Int(Int32.max), "BLAS size \(x) does not fit in a 32-bit blasint")
    return Int32(x)
}

public enum BLAS {
    /// Whether a GEMM dimension or leading dimension of `x` can be passed to OpenBLAS.
    public static func fits(_ x: Int) -> Bool { x >= 0 && x <= Int(Int32.max) }
}

extension Float: BLASScalar {
    public static func gemm(m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, beta: Float,
                     c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}

extension Double: BLASScalar {
    public static func gemm(m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                     b: UnsafePointer<Double>, ldb: Int, transposeB: Bool, beta: Double,
                     c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}

/// The linked OpenBLAS, for certificates.
public enum OpenBLASLibrary {
    /// `openblas_get_config()`, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String { String(cString: attest_openblas_config()) }
    /// `openblas_get_corename()`: the kernels OpenBLAS chose for this CPU ("Haswell",
    /// "SkylakeX", or "Prescott" when it falls back to its generic ones).
    public static var coreName: String { String(cString: attest_openblas_corename()) }
    /// Threads OpenBLAS uses for one call (`OPENBLAS_NUM_THREADS`, else the core count).
    public static var threads: Int { Int(attest_openblas_threads()) }

    /// Sets the threads of later OpenBLAS calls, process-wide (`openblas_set_num_threads`).
    public static func setThreads(_ n: Int) {
        precondition(n >= 1 && n <= 1024, "OpenBLAS thread count must be in 1 ... 1024, got \(n)")
        attest_openblas_set_threads(Int32(n))
    }

    /// The rate of one `m = n = k = size` GEMM in `S` (sgemm or dgemm), GFLOP/s
    /// (2·size³ per call), best of `repeats` calls after one warm-up call.
    public static func gemmRate<S: BLASScalar>(_: S.Type, size: Int, repeats: Int = 3) -> Double {
        let count = size * size
        let a = ScratchBuffer<S>(count: count, repeating: 1), b = ScratchBuffer<S>(count: count, repeating: 1)
        let c = ScratchBuffer<S>(count: count, repeating: 0)
        for x in 0 ..< count { a.pointer[x] = S(Double(x % 7) - 3); b.pointer[x] = S(Double(x % 5) - 2) }
        let clock = ContinuousClock()
        var best = Duration.seconds(1e9)
        for r in 0 ... repeats {
            let t0 = clock.now
            S.gemm(m: size, n: size, k: size, alpha: 1, a: a.pointer, lda: size, b: b.pointer, ldb: size,
                   transposeB: false, beta: 0, c: c.pointer, ldc: size)
            if r > 0 { best = min(best, clock.now - t0) }
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        return 2 * pow(Double(size), 3) / seconds / 1e9
    }
}
