import ArgumentParser
import AttestConformance
import AttestCore
import AttestKernels
import AttestTensor
import Foundation

/// `attest bench-kernels` (`make bench`): attention throughput of the fast
/// golden (`BLASGolden`), the fast baseline (`BaselineAttention.blocked`), the
/// `blas` and `tiled` kernels (float32), `flash` (float32 on one thread and on
/// every core, float16 and bfloat16 on every core) and, at the smallest shape only (and
/// only up to `KernelCapabilities.literalMaxFlops`), the literal reference, in GFLOP/s counting 4·B·Hq·Sq·Skv·D per call (the same
/// count for causal calls, so skipping masked keys shows as speed); beside
/// the OpenBLAS sgemm and dgemm rates at 2048³ measured in the same run, and a
/// numpy float64 per-head reference read from `--numpy` (written by
/// `tools/bench/numpy-reference.py` on the same shapes). Prints one table and
/// writes it as JSON (`KernelBenchmark.Report`).
struct BenchKernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-kernels",
        abstract: "GFLOP/s of the fast golden, fast baseline, blas, tiled and flash beside OpenBLAS sgemm/dgemm and numpy.")

    @Option(help: "Sequence lengths Sq = Skv, comma-separated.") var seq = "1024,4096"
    @Option(help: "Head sizes D = Dv, comma-separated.") var headDims = "64,128"
    @Option(help: "Query heads (= kv heads).") var heads = 8
    @Option(help: "Runs per measurement; the best is reported.") var repeats = 1
    @Option(help: "numpy results (JSON of tools/bench/numpy-reference.py) to show beside the golden.") var numpy: String?
    @Option(help: "JAX results (JSON files of tools/bench/jax-reference.py, comma-separated: one per thread count) to show beside flash.")
    var jax: String?
    @Option(help: "Only measure flash's peak resident memory at Sq = Skv = N (D = the largest --head-dims), in this process.")
    var memorySeq: Int?
    @Option(help: "Where to write the JSON table.") var json = "reports/bench/bench.json"
    @Flag(help: "Only measure the sgemm and dgemm rates (for comparing OPENBLAS_CORETYPE settings).") var gemmOnly = false

    func sizes(_ text: String, _ name: String) throws -> [Int] {
        let values = text.split(separator: ",").compactMap { Int($0) }
        guard !values.isEmpty, values.count == text.split(separator: ",").count, values.allSatisfy({ (1 ... 65536).contains($0) }) else {
            throw ValidationError("\(name) must be comma-separated integers in 1 ... 65536, got '\(text)'")
        }
        return values
    }

    func validate() throws {
        _ = try sizes(seq, "--seq")
        _ = try sizes(headDims, "--head-dims")
        if let memorySeq, !(1 ... 65536).contains(memorySeq) { throw ValidationError("--memory-seq must be in 1 ... 65536, got \(memorySeq)") }
        guard (1 ... 64).contains(heads), OptionRanges.repeats.contains(repeats) else {
            throw ValidationError("--heads must be in 1 ... 64 and --repeats in \(OptionRanges.repeats), got \(heads), \(repeats)")
        }
    }

    func run() throws {
        var bench = KernelBenchmark(heads: heads, repeats: repeats)
        #if DEBUG
        bench.report.build = "DEBUG build: figures are not representative, use `make bench`"
        #endif
        bench.report.heads = heads
        bench.report.command = "attest " + CommandLine.arguments.dropFirst().joined(separator: " ")
        if let numpy { bench.report.numpy = try KernelBenchmark.loadPeer(numpy) }
        if let jax { bench.report.jax = try jax.split(separator: ",").flatMap { try KernelBenchmark.loadPeer(String($0)) } }
        if let memorySeq {
            try bench.measureMemory(headDim: try sizes(headDims, "--head-dims").max()!, length: memorySeq)
        } else {
            bench.measureGEMM()
        }
        if !gemmOnly && memorySeq == nil {
            let lengths = try sizes(seq, "--seq"), dims = try sizes(headDims, "--head-dims")
            for d in dims {
                for s in lengths {
                    for causal in [false, true] {
                        try bench.measure(headDim: d, length: s, causal: causal,
                                          literal: d == dims.min() && s == lengths.min())
                    }
                }
            }
        }
        print(bench.report.table())
        let url = URL(fileURLWithPath: json)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(bench.report).write(to: url)
        print("written: \(json)")
    }
}
