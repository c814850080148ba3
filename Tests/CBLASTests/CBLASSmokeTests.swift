import CBLAS
import Testing

/// Calls OpenBLAS's raw C API through the CBLAS module and its shim.
@Suite("CBLAS smoke")
struct CBLASSmokeTests {
    @Test("cblas_dgemm computes a known 2x2 product (row-major)")
    func dgemm() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]; with beta = 1 and C = I: + [1 0; 0 1].
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8]
        var c: [Double] = [1, 0, 0, 1]
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1, a, 2, b, 2, 1, &c, 2)
        #expect(c == [20, 22, 43, 51])
        // Transposed A in column-major: Aᵀ stored column-major is A row-major, so C = A·B again.
        var d: [Double] = [0, 0, 0, 0]
        cblas_dgemm(CblasColMajor, CblasTrans, CblasTrans, 2, 2, 2, 2, a, 2, b, 2, 0, &d, 2)
        #expect(d == [38, 86, 44, 100]) // column-major 2·[19 22; 43 50]
    }

    @Test("cblas_sgemm agrees on the same product")
    func sgemm() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c: [Float] = [0, 0, 0, 0]
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1, a, 2, b, 2, 0, &c, 2)
        #expect(c == [19, 22, 43, 50])
    }

    @Test("the shim's version string names OpenBLAS; thread count is positive")
    func version() {
        let config = String(cString: attest_openblas_config())
        #expect(config.contains("OpenBLAS"), "\(config)")
        #expect(attest_openblas_threads() >= 1)
    }
}
