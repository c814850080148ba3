import ArgumentParser
import AttestCatalog
import AttestConformance
import AttestCore
import AttestParallel
import AttestTensor
import Foundation

/// `attest bench-stacks`: the overhead of the simulated sequence-parallel
/// stacks (issue 5 §7). Times every registered preamble that takes a `world`
/// parameter at P ranks (Ulysses(P), ring(P)) and every two-preamble standard
/// stack a preamble declares at u × r ranks (USP) over one core, and divides by
/// the bare core's time on the same problem; prints each rank's measured
/// communication beside the formula its preamble declares (`ShardedPreamble`).
struct BenchStacks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-stacks",
        abstract: "Time Ulysses, ring and USP stacks over a core against the bare core; bytes per rank vs formula.")

    @Option(help: "The core: a registered kernel name, or auto (the fastest of blas and tiled on this problem).")
    var core = "auto"
    @Option(help: "Sequence length (Sq = Skv).") var seq = 2048
    @Option(help: "Query heads.") var heads = 16
    @Option(help: "Key/value heads (default: the query heads).") var kvHeads: Int?
    @Option(help: "Head size (D = Dv).") var headDim = 64
    @Option(help: "Batch size.") var batch = 1
    @Option(help: "Element type: f32, f16, bf16, f64.") var dtype = "f32"
    @Option(help: "Ranks of the Ulysses and ring stacks.") var world = 8
    @Option(help: "USP factorisation u x r (Ulysses outside, ring inside).") var usp = "4x2"
    @Option(help: "Runs per configuration; the best is reported.") var repeats = 3

    func elementType() throws -> DType {
        guard let type = DType(name: dtype) else { throw ValidationError("--dtype must be f32, f16, bf16 or f64, got \(dtype)") }
        return type
    }

    func validate() throws {
        _ = try elementType()
        guard repeats >= 1, world >= 1, seq >= 1, heads >= 1, headDim >= 1, batch >= 1 else {
            throw ValidationError("--repeats, --world, --seq, --heads, --head-dim and --batch must be positive")
        }
        guard OptionRanges.repeats.contains(repeats) else {
            throw ValidationError("--repeats must be in \(OptionRanges.repeats.lowerBound) ... \(OptionRanges.repeats.upperBound), got \(repeats)")
        }
        if let kvHeads, kvHeads < 1 || heads % kvHeads != 0 {
            throw ValidationError("--kv-heads must be >= 1 and divide --heads \(heads), got \(kvHeads)")
        }
        do { try dims.checkSize(scorePlane: true) } catch { throw ValidationError("--batch, --seq, --heads, --kv-heads, --head-dim: \(error)") }
        let (u, r) = try uspFactors()
        for (name, ranks) in [("--world", world), ("--usp", u), ("--usp", r)] where ranks > OptionRanges.maxWorld {
            throw ValidationError("\(name) asks for \(ranks) ranks; at most \(OptionRanges.maxWorld) (one thread each)")
        }
    }

    func uspFactors() throws -> (u: Int, r: Int) {
        let parts = usp.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--usp must be UxR, e.g. 4x2, got \(usp)") }
        return (parts[0], parts[1])
    }

    /// The problem the options describe (Sq = Skv = --seq, D = Dv = --head-dim).
    var dims: AttentionDims {
        AttentionDims(batch: batch, queryLength: seq, keyLength: seq, queryHeads: heads, keyValueHeads: kvHeads ?? heads,
                      headDim: headDim, valueDim: headDim)
    }

    func run() throws {
        let type = try elementType()
        let bench = StackBenchmark(dims: dims, dtype: type, repeats: repeats)
        let args = bench.arguments()
        let kernels = Catalog.kernelRegistry(), preambles = Catalog.preambleRegistry()
        let env = RunEnvironment.current(libhdf5: GoldenFixtures.hdf5Version, openblas: KernelLibraries.openBLASVersion)
        #if DEBUG
        let build = "DEBUG build: figures are not representative, use `make bench`"
        #else
        let build = "release build"
        #endif
        print("command:  attest " + CommandLine.arguments.dropFirst().joined(separator: " "))
        print("machine:  \(env.cpu), \(env.cores) cores, \(env.os), Swift \(env.swift), OpenBLAS \(env.openblas), "
            + "OPENBLAS_NUM_THREADS=\(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset"), \(build)")
        print("problem:  B=\(dims.batch) Sq=Skv=\(seq) Hq=\(dims.queryHeads) Hkv=\(dims.keyValueHeads) D=Dv=\(headDim) \(dtype), no mask, "
            + "lse requested (float64), best of \(repeats)")
        var coreName = core
        if core == "auto" {
            var best = (name: "", cpu: Double.infinity)
            for name in ["blas", "tiled"] {
                let (t, _) = try bench.time(try kernels.kernel(named: name), args, repeats: 1)
                print(String(format: "core:     %@ %.2f s wall, %.2f s CPU (one run)", name, t.wall, t.cpu))
                if t.cpu < best.cpu { best = (name, t.cpu) }
            }
            coreName = best.name
            print("core:     \(coreName) (the faster by CPU time)")
        }
        let stacks = try self.stacks(preambles)
        let (base, baseOut) = try bench.time(try kernels.kernel(named: coreName), args, repeats: repeats)
        print("")
        print("| configuration | wall s | CPU s | wall / core | CPU / core | max abs o diff vs core |")
        print("|---|---|---|---|---|---|")
        print(String(format: "| %@ (bare core) | %.3f | %.3f | 1.00 | 1.00 | 0 |", coreName, base.wall, base.cpu))
        var lines: [String] = []
        var ulyssesRatio = Double.nan
        for specs in stacks {
            let configuration = AttentionConfiguration(kernel: coreName, preambles: specs)
            let kernel = try configuration.resolve(kernels: kernels, preambles: preambles)
            let (t, out) = try bench.time(kernel, args, repeats: repeats)
            print(String(format: "| %@ | %.3f | %.3f | %.2f | %.2f | %.2e |", kernel.name, t.wall, t.cpu, t.wall / base.wall,
                         t.cpu / base.cpu, StackBenchmark.difference(out, baseOut)))
            if specs.count == 1 && specs[0].name == "ulysses" { ulyssesRatio = t.cpu / base.cpu }
            if let stacked = kernel as? StackedKernel { lines += communication(stacked, dims: dims, elementBytes: type.byteWidth) }
        }
        print("")
        print("Communication per rank (bytes sent = bytes received; min-max over ranks; formulas of docs/parallel.md):")
        for line in lines { print("  " + line) }
        print("")
        print(String(format: "target:   Ulysses(%d) CPU time <= 1.3 x the bare core: %.2f x, %@", world, ulyssesRatio,
                     ulyssesRatio <= 1.3 ? "met" : "NOT met"))
    }

    /// The stacks to time, learned from the registry: every preamble with a
    /// standard configuration and a `world` parameter alone at `--world` ranks,
    /// then every standard stack of two such preambles at the `--usp` factors.
    func stacks(_ registry: PreambleRegistry) throws -> [[PreambleSpec]] {
        let sharded = registry.factories.filter { f in !f.standard.isEmpty && f.parameters.contains { $0.name == "world" } }
        let names = Set(sharded.map(\.name))
        let (u, r) = try uspFactors()
        let usp = sharded.flatMap(\.standard).map(\.preambles).filter { $0.count == 2 && $0.allSatisfy { names.contains($0.name) } }
        return sharded.map { [PreambleSpec(name: $0.name, parameters: ["world": "\(world)"])] }
            + Set(usp.map { $0.map(\.name) }).sorted { $0.joined() < $1.joined() }.map { pair in
                zip(pair, [u, r]).map { PreambleSpec(name: $0, parameters: ["world": "\($1)"]) }
            }
    }

    /// Measured bytes per rank of each sharded preamble of `stack` beside its
    /// formula. A preamble inside others runs once per rank of each sharded
    /// preamble outside it: one group, one ledger each.
    func communication(_ stack: StackedKernel, dims: AttentionDims, elementBytes: Int) -> [String] {
        var lines: [String] = []
        var local = dims, groups = 1
        for preamble in stack.preambles {
            guard let sharded = preamble as? any ShardedPreamble else { continue }
            let ledgers = sharded.log.ledgers.suffix(groups)
            let parts = sharded.expectedTraffic(local, elementBytes: elementBytes).map { expected in
                let measured = ledgers.flatMap { l in (0 ..< l.worldSize).map { l.traffic(rank: $0, labels: expected.labels).bytesSent } }
                return String(format: "%@ %@ B measured, %@*%d = %.0f B", expected.labels.joined(separator: ","), range(measured),
                              expected.formula, expected.elementBytes, expected.bytes)
            }
            lines.append("\(sharded.specification) (S=\(local.queryLength), Hq=\(local.queryHeads), Hkv=\(local.keyValueHeads), "
                + "\(groups) group(s)): " + parts.joined(separator: "; "))
            local = sharded.coreDims(local)
            groups *= sharded.world
        }
        return lines
    }

    func range(_ values: [Int]) -> String {
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        return lo == hi ? "\(lo)" : "\(lo)-\(hi)"
    }
}
