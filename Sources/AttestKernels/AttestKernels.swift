// AttestKernels: shipped attention kernels, one per file.
