// AttestConformance: cases, profiles, tolerance policy, properties, runner, certificates, mutants.
