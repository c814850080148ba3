// AttestKernels: the attention kernels Attest ships besides the reference.
//
// One kernel per file (`TiledAttention`, `BLASAttention`, `FlashAttention`
// with its pass, tile step, packing and `FlashMath` loops in `Flash*.swift`); the helpers they
// share live in their own files: `StridedCopy` (packing strided tensors into
// contiguous buffers and back), `ScoreInputs` (gathering bias and mask rows),
// `ScratchBuffer`, `KernelOutputs` (writing results). The accumulation types
// (`KernelScalar`), per-row visible key intervals (`RowBounds`) and the score
// rules (`ScoreRules`: scale, softcap, bias, ALiBi, masks over a score row)
// live in AttestCore, shared with the baseline, the ring and the mutants.
// CBLAS is imported in `BLAS.swift` only.
