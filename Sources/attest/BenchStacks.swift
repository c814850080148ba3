import ArgumentParser
import AttestCatalog
import AttestConformance
import AttestCore
import AttestParallel
import AttestTensor
import Foundation

/// `attest bench-stacks`: the overhead of the simulated sequence-parallel
/// stacks (issue 5 §7). Times Ulysses(P), ring(P) and USP(u × r) over one core
/// and divides by the bare core's time on the same problem; prints each
/// rank's measured communication beside the formula (`StackBenchmark`).
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
        _ = try uspFactors()
    }

    func uspFactors() throws -> (u: Int, r: Int) {
        let parts = usp.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--usp must be UxR, e.g. 4x2, got \(usp)") }
        return (parts[0], parts[1])
    }

    func run() throws {
        let dims = AttentionDims(batch: batch, queryLength: seq, keyLength: seq, queryHeads: heads, keyValueHeads: kvHeads ?? heads,
                                 headDim: headDim, valueDim: headDim)
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
        let (u, r) = try uspFactors()
        let stacks = [["ulysses:world=\(world)"], ["ring:world=\(world)"], ["ulysses:world=\(u)", "ring:world=\(r)"]]
        let (base, baseOut) = try bench.time(try kernels.kernel(named: coreName), args, repeats: repeats)
        print("")
        print("| configuration | wall s | CPU s | wall / core | CPU / core | max abs o diff vs core |")
        print("|---|---|---|---|---|---|")
        print(String(format: "| %@ (bare core) | %.3f | %.3f | 1.00 | 1.00 | 0 |", coreName, base.wall, base.cpu))
        var lines: [String] = []
        var ulyssesRatio = Double.nan
        for specs in stacks {
            let configuration = AttentionConfiguration(kernel: coreName, preambles: try specs.map(PreambleSpec.init(parsing:)))
            let kernel = try configuration.resolve(kernels: kernels, preambles: preambles)
            let (t, out) = try bench.time(kernel, args, repeats: repeats)
            print(String(format: "| %@ | %.3f | %.3f | %.2f | %.2f | %.2e |", kernel.name, t.wall, t.cpu, t.wall / base.wall,
                         t.cpu / base.cpu, StackBenchmark.difference(out, baseOut)))
            if specs.count == 1 && specs[0].hasPrefix("ulysses") { ulyssesRatio = t.cpu / base.cpu }
            if let stacked = kernel as? StackedKernel { lines += communication(stacked, dims: dims, size: Double(type.byteWidth)) }
        }
        print("")
        print("Communication per rank (bytes sent = bytes received; min-max over ranks; formulas of docs/parallel.md):")
        for line in lines { print("  " + line) }
        print("")
        print(String(format: "target:   Ulysses(%d) CPU time <= 1.3 x the bare core: %.2f x, %@", world, ulyssesRatio,
                     ulyssesRatio <= 1.3 ? "met" : "NOT met"))
    }

    /// Measured bytes per rank of each preamble of `stack` beside its formula.
    func communication(_ stack: StackedKernel, dims: AttentionDims, size: Double) -> [String] {
        var lines: [String] = []
        var local = dims
        for preamble in stack.preambles {
            if let p = preamble as? UlyssesPreamble, let ledger = p.log.last {
                let f = StackBenchmark.ulyssesFormula(local, world: p.world)
                let main = (0 ..< ledger.worldSize).map { ledger.traffic(rank: $0, labels: ["q", "k", "v", "o"]).bytesSent }
                let lse = (0 ..< ledger.worldSize).map { ledger.traffic(rank: $0, labels: ["lse"]).bytesSent }
                lines.append(String(format: "%@ (S=%d, Hq=%d, Hkv=%d): q,k,v,o %@ B measured, (P-1)/P^2*B*S*(Hq*D+2*Hkv'*D+Hq*Dv)*%d = %.0f B; "
                    + "lse %@ B measured, (P-1)/P^2*B*S*Hq*8 = %.0f B", p.specification, local.queryLength, local.queryHeads,
                    local.keyValueHeads, range(main), Int(size), f.qkvo * size, range(lse), f.lse * 8))
                local.queryHeads /= p.world
                local.keyValueHeads = max(local.keyValueHeads, p.world) / p.world
            } else if let p = preamble as? RingPreamble {
                let ledgers = p.log.ledgers.suffix(groups(before: p, in: stack))
                let kv = ledgers.flatMap { l in (0 ..< l.worldSize).map { l.traffic(rank: $0, labels: ["k", "v"]).bytesSent } }
                lines.append(String(format: "%@ (S=%d, Hkv=%d per ring, %d ring group(s)): k,v %@ B measured, "
                    + "(P-1)*B*(S/P)*Hkv*(D+Dv)*%d = %.0f B", p.specification, local.keyLength, local.keyValueHeads, ledgers.count,
                    range(kv), Int(size), StackBenchmark.ringFormula(local, world: p.world) * size))
            }
        }
        return lines
    }

    /// How many ring groups one forward of `stack` runs: the product of the worlds of the Ulysses preambles outside `ring`.
    func groups(before ring: RingPreamble, in stack: StackedKernel) -> Int {
        stack.preambles.prefix { !($0 is RingPreamble) }.compactMap { ($0 as? UlyssesPreamble)?.world }.reduce(1, *)
    }

    func range(_ values: [Int]) -> String {
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        return lo == hi ? "\(lo)" : "\(lo)-\(hi)"
    }
}
