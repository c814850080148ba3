import AttestCatalog
import AttestConformance
import AttestCore

/// The registries the commands that run a kernel by name resolve it in: the
/// shipped kernels and preambles plus the mutant zoo, so `attest certify` and
/// `attest fuzz` take `mutant/<bug>` kernels and preambles. (`attest list`
/// shows the mutants only with `--mutants`.) The supervision probes
/// (`SupervisionProbe`) are resolvable here and listed nowhere.
enum CommandLineRegistries {
    static func kernels() throws -> KernelRegistry {
        let registry = Catalog.kernelRegistry()
        try Mutants.register(in: registry)
        try SupervisionProbe.register(in: registry)
        return registry
    }

    /// The shipped preambles plus the mutant preambles (`mutant/ulysses-...`, `mutant/ring-...`).
    static func preambles() throws -> PreambleRegistry {
        let registry = Catalog.preambleRegistry()
        try PreambleMutants.register(in: registry)
        return registry
    }
}
