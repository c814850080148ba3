// AttestParallel: simulated process groups and the Ulysses and ring preambles.
