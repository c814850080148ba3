import ArgumentParser
import AttestCatalog
import AttestConformance
import AttestCore

/// `attest list`: the registered kernels and preambles with their capabilities.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List registered kernels and preambles with their capabilities.")

    @Flag(help: "Also list the mutant zoo (deliberately broken `mutant/...` kernels and preambles).")
    var mutants = false

    func run() throws {
        let kernels = Catalog.kernelRegistry(), preambles = Catalog.preambleRegistry()
        if mutants {
            try Mutants.register(in: kernels)
            try PreambleMutants.register(in: preambles)
        }
        print(Listing.render(kernels: kernels, preambles: preambles))
    }
}

/// The text of `attest list`.
enum Listing {
    static func render(kernels: KernelRegistry, preambles: PreambleRegistry) -> String {
        var lines = ["Kernels:"]
        for kernel in kernels.kernels {
            let c = kernel.capabilities
            lines.append("  \(kernel.name)")
            lines.append("    dtypes:            \(c.dtypes.map(\.shortName).sorted().joined(separator: ", "))")
            lines.append("    features:          \(c.features.sorted().map(\.rawValue).joined(separator: ", "))")
            lines.append("    fully masked rows: \(c.fullyMaskedRows.rawValue)")
            lines.append("    deterministic:     \(c.deterministic ? "yes" : "no")")
            if let m = c.maxHeadDim { lines.append("    max head size:     \(m)") }
            if let m = c.maxFlops { lines.append(String(format: "    max FLOPs:         %.3g (2·B·Hq·Sq·Skv·(D+Dv))", m)) }
            if let mutant = kernel as? MutantKernel {
                lines.append("    bug:               \(mutant.bug)")
                if let mirrors = mutant.mirrors { lines.append("    mirrors:           \(mirrors)") }
            }
        }
        lines.append("Preambles:")
        for factory in preambles.factories {
            lines.append("  \(factory.name): \(factory.summary)")
            for p in factory.parameters {
                lines.append("    \(p.name)\(p.defaultValue.map { " (default \($0))" } ?? " (required)"): \(p.summary)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
