import AttestConformance
import AttestCore
import AttestKernels
import AttestTensor
import Foundation

/// The measurements of `attest bench-kernels`: one call per implementation
/// and shape on float32 inputs drawn uniform in [-1, 1] (B = 1, Hq = Hkv =
/// `heads`, Sq = Skv, D = Dv, no mask or causal bottom-right), best of
/// `repeats` wall times; GFLOP/s = 4·B·Hq·Sq·Skv·D / seconds / 1e9.
struct KernelBenchmark {
    let heads: Int
    let repeats: Int
    var report = Report()

    /// One measured figure.
    struct Row: Codable {
        var implementation: String
        var headDim: Int
        var length: Int
        var causal: Bool
        var seconds: Double
        var gflops: Double
        /// Threads the implementation used.
        var threads: Int
        /// `gflops` over the GEMM rate it is measured against (`against`).
        var fraction: Double
        var against: String
    }

    /// The whole run: the machine, the GEMM rates, every row.
    struct Report: Codable {
        var command = ""
        var build = "release build"
        var cpu = KernelBenchmark.cpuModel()
        var cores = ProcessInfo.processInfo.activeProcessorCount
        var openblas = OpenBLASLibrary.configuration
        var openblasCore = OpenBLASLibrary.coreName
        var openblasCoretypeEnv = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
        /// GEMM rates at 2048³, GFLOP/s, keyed "sgemm-1t", "dgemm-1t", "sgemm-<cores>t", "dgemm-<cores>t".
        var gemm: [String: Double] = [:]
        var rows: [Row] = []
        var numpy: [NumpyRow]?
    }

    /// One figure of `tools/bench/numpy-reference.py`.
    struct NumpyRow: Codable {
        var headDim: Int
        var length: Int
        var causal: Bool
        var seconds: Double
        var gflops: Double
        var threads: Int
    }

    static func cpuModel() -> String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    static func loadNumpy(_ url: URL) throws -> [NumpyRow] {
        try JSONDecoder().decode([NumpyRow].self, from: Data(contentsOf: url))
    }

    /// sgemm and dgemm at 2048³ with one OpenBLAS thread and with one per core; restores the thread count.
    mutating func measureGEMM() {
        let saved = OpenBLASLibrary.threads, cores = report.cores
        for threads in Set([1, cores]).sorted() {
            OpenBLASLibrary.setThreads(threads)
            report.gemm["sgemm-\(threads)t"] = OpenBLASLibrary.gemmRate(Float.self, size: 2048)
            report.gemm["dgemm-\(threads)t"] = OpenBLASLibrary.gemmRate(Double.self, size: 2048)
        }
        OpenBLASLibrary.setThreads(saved)
    }

    func arguments(headDim d: Int, length s: Int, causal: Bool) -> AttentionArguments {
        let dims = AttentionDims(batch: 1, queryLength: s, keyLength: s, queryHeads: heads, keyValueHeads: heads,
                                 headDim: d, valueDim: d)
        var rng = SeededGenerator(seed: UInt64(d * 100_003 + s))
        func tensor(_ shape: [Int]) -> AnyTensor {
            .float32(Tensor(shape: shape, elements: (0 ..< shape.reduce(1, *)).map { _ in Float(rng.uniform(in: -1 ... 1)) }))
        }
        let q = tensor(dims.queryShape), k = tensor(dims.keyShape), v = tensor(dims.valueShape)
        return AttentionArguments(q: q, k: k, v: v, mask: AttentionMask(causal: causal ? .bottomRight : nil))
    }

    /// Best wall time of `body` over `repeats` runs, seconds.
    func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0 ..< repeats {
            let t0 = clock.now
            try body()
            let t = clock.now - t0
            best = min(best, Double(t.components.seconds) + Double(t.components.attoseconds) * 1e-18)
        }
        return best
    }

    mutating func measure(headDim d: Int, length s: Int, causal: Bool, literal: Bool) throws {
        let args = arguments(headDim: d, length: s, causal: causal)
        let flops = 4 * Double(heads) * Double(s) * Double(s) * Double(d)
        let workers = BLASGolden.defaultWorkers, cores = report.cores
        func add(_ name: String, threads: Int, against gemm: String, _ body: () throws -> Void) rethrows {
            let seconds = try time(body), rate = flops / seconds / 1e9
            let key = "\(gemm)-\(threads == 1 ? 1 : cores)t"
            report.rows.append(Row(implementation: name, headDim: d, length: s, causal: causal, seconds: seconds, gflops: rate,
                                   threads: threads, fraction: rate / (report.gemm[key] ?? .nan), against: key))
            FileHandle.standardError.write(Data(String(format: "  %@ D=%d S=%d%@: %.2f s, %.2f GFLOP/s\n", name, d, s,
                                                       causal ? " causal" : "", seconds, rate).utf8))
        }
        try add("fast golden (f64)", threads: workers * OpenBLASLibrary.threads, against: "dgemm") {
            _ = try BLASGolden.compute(args)
        }
        add("fast baseline (f32)", threads: workers * OpenBLASLibrary.threads, against: "sgemm") {
            _ = BaselineAttention.blocked(args)
        }
        for kernel in [BLASAttention(), TiledAttention()] as [any AttentionKernel] {
            let out = AttentionOutput.allocate(args.dims, dtype: .float32, lseDType: .float32)
            try add("\(kernel.name) (f32)", threads: kernel.name == "blas" ? OpenBLASLibrary.threads : 1, against: "sgemm") {
                try kernel.forward(args, into: out)
            }
        }
        if literal {
            try add("literal reference (f64)", threads: 1, against: "dgemm") { _ = try ReferenceGolden.literal(args) }
        }
    }
}

extension KernelBenchmark.Report {
    /// The table: one line per shape, GFLOP/s of each implementation and its fraction of its GEMM rate.
    func table() -> String {
        var lines = [
            "command: \(command)",
            "machine: \(cpu), \(cores) cores, \(openblas), core type \(openblasCore) (OPENBLAS_CORETYPE=\(openblasCoretypeEnv)), \(build)",
            "GEMM 2048^3 (GFLOP/s): " + gemm.keys.sorted().map { String(format: "%@ %.1f", $0, gemm[$0]!) }.joined(separator: ", "),
        ]
        guard !rows.isEmpty else { return lines.joined(separator: "\n") }
        let names = rows.reduce(into: [String]()) { if !$0.contains($1.implementation) { $0.append($1.implementation) } }
        let numpyName = "numpy per-head (f64)"
        lines.append("GFLOP/s (fraction of the GEMM rate at the same thread count: f64 of dgemm, f32 of sgemm); 4·B·Hq·Sq·Skv·D, B=1, Hq=8, same count for causal")
        lines.append("| D | Sq=Skv | mask | " + (names + (numpy == nil ? [] : [numpyName])).joined(separator: " | ") + " |")
        lines.append("|---|---|---|" + String(repeating: "---|", count: names.count + (numpy == nil ? 0 : 1)))
        var shapes: [(Int, Int, Bool)] = []
        for r in rows where !shapes.contains(where: { $0 == (r.headDim, r.length, r.causal) }) { shapes.append((r.headDim, r.length, r.causal)) }
        for (d, s, causal) in shapes {
            var cells = names.map { name -> String in
                guard let r = rows.first(where: { $0.implementation == name && $0.headDim == d && $0.length == s && $0.causal == causal })
                else { return "-" }
                return String(format: "%.1f (%.0f%%)", r.gflops, 100 * r.fraction)
            }
            if let numpy {
                let n = numpy.first { $0.headDim == d && $0.length == s && $0.causal == causal }
                cells.append(n.map { String(format: "%.1f (%dt)", $0.gflops, $0.threads) } ?? "-")
            }
            lines.append("| \(d) | \(s) | \(causal ? "causal" : "none") | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
