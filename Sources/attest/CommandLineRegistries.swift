import AttestCatalog
import AttestConformance
import AttestCore

/// The registries the commands that run a kernel by name resolve it in: the
/// shipped kernels plus the mutant zoo, so `attest certify` and `attest fuzz`
/// take `mutant/<bug>`. (`attest list` shows the mutants only with `--mutants`.)
enum CommandLineRegistries {
    static func kernels() throws -> KernelRegistry {
        let registry = Catalog.kernelRegistry()
        try Mutants.register(in: registry)
        return registry
    }
}
