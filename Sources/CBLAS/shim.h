// CBLAS: OpenBLAS's C interface, reached only through this module.
#ifndef ATTEST_CBLAS_SHIM_H
#define ATTEST_CBLAS_SHIM_H
#include <cblas.h>

/// OpenBLAS's own version string, for certificates ("OpenBLAS 0.3.21 ...").
static inline const char *attest_openblas_config(void) { return openblas_get_config(); }
/// The CPU kernels OpenBLAS chose at load time ("Haswell", "Prescott", ...).
static inline const char *attest_openblas_corename(void) { return openblas_get_corename(); }
/// Threads OpenBLAS uses for one call.
static inline int attest_openblas_threads(void) { return openblas_get_num_threads(); }
static inline void attest_openblas_set_threads(int n) { openblas_set_num_threads(n); }
#endif
