import AttestCore
import CBLAS

/// The one file of AttestKernels that imports CBLAS: thin typed GEMM wrappers
/// over OpenBLAS's `cblas_sgemm` / `cblas_dgemm`, row-major.
protocol BLASScalar: KernelScalar {
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

enum BLAS {
    /// Whether a GEMM dimension or leading dimension of `x` can be passed to OpenBLAS.
    static func fits(_ x: Int) -> Bool { x >= 0 && x <= Int(Int32.max) }
}

extension Float: BLASScalar {
    static func gemm(m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, beta: Float,
                     c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}

extension Double: BLASScalar {
    static func gemm(m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
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
}
