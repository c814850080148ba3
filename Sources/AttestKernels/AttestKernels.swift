// AttestKernels: the attention kernels Attest ships besides the reference.
//
// One kernel per file (`TiledAttention`, `BLASAttention`); the helpers they
// share live in their own files: `KernelScalar` (the accumulation types),
// `StridedCopy` (packing strided tensors into contiguous buffers and back),
// `RowBounds` (per-row visible key intervals), `ScoreRules` (softcap, bias,
// ALiBi and masks applied to a score row), `KernelOutputs` (writing results).
// CBLAS is imported in `BLAS.swift` only.
