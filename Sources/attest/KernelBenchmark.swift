import ArgumentParser
import AttestConformance
import AttestCore
import AttestKernels
import AttestTensor
import Foundation

/// The measurements of `attest bench-kernels`: one call per implementation
/// and shape on float32 inputs drawn uniform in [-1, 1] (B = 1, Hq = Hkv =
/// `heads`, Sq = Skv, D = Dv, no mask or causal bottom-right), best of
/// `repeats` wall times (more for calls under a second, `time`);
/// GFLOP/s = 4·B·Hq·Sq·Skv·D / seconds / 1e9.
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
        /// Query heads (= kv heads) of every shape.
        var heads = 8
        var openblas = OpenBLASLibrary.configuration
        var openblasCore = OpenBLASLibrary.coreName
        var openblasCoretypeEnv = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
        /// GEMM rates at 2048³, GFLOP/s, keyed "sgemm-1t", "dgemm-1t", "sgemm-<cores>t", "dgemm-<cores>t".
        var gemm: [String: Double] = [:]
        var rows: [Row] = []
        /// `tools/bench/numpy-reference.py`'s figures (float64, per head).
        var numpy: [PeerRow]?
        /// `tools/bench/jax-reference.py`'s figures (float32), at each thread count it ran with.
        var jax: [PeerRow]?
        /// `--memory-seq`: flash's peak resident memory against its inputs and outputs.
        var memory: Memory?
    }

    /// Peak resident memory of a process that builds q, k, v, o and calls `flash` once.
    struct Memory: Codable {
        var length: Int
        var headDim: Int
        var heads: Int
        /// Bytes of q, k, v (float32) and o (float32) and lse.
        var tensorBytes: Int
        /// `getrusage` peak resident set size of this process before the call and at its end.
        var peakBeforeCall: Int
        var peakAfterCall: Int
        /// peakAfterCall / tensorBytes: the process's whole footprint (binary and libraries included).
        var ratio: Double
    }

    /// One figure of a peer written by `tools/bench/*-reference.py`.
    struct PeerRow: Codable {
        /// The row of `rows` at a shape (and thread count, when given).
        static func at(_ rows: [PeerRow]?, _ d: Int, _ s: Int, _ causal: Bool, threads: Int? = nil) -> PeerRow? {
            rows?.first { row in row.headDim == d && row.length == s && row.causal == causal && (threads == nil || row.threads == threads) }
        }

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

    /// The rows of a peer's JSON file; the error names the file.
    static func loadPeer(_ path: String) throws -> [PeerRow] {
        do {
            return try JSONDecoder().decode([PeerRow].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("\(path): not a list of {headDim, length, causal, seconds, gflops, threads}: \(error)")
        }
    }

    /// Peak resident set size of this process so far, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    /// Builds q, k, v and o of `length` (f32, D = `headDim`, causal off) and calls `flash` once on every core.
    mutating func measureMemory(headDim d: Int, length s: Int) throws {
        let args = arguments(headDim: d, length: s, causal: false)
        let out = AttentionOutput.allocate(args.dims, dtype: .float32, lseDType: .float32)
        let before = Self.peakResidentBytes()
        try FlashAttention(threads: report.cores).forward(args, into: out)
        let after = Self.peakResidentBytes()
        let dims = args.dims
        let bytes = 4 * (dims.problemElements(scorePlane: false)! + dims.lseShape.reduce(1, *))
        report.memory = Memory(length: s, headDim: d, heads: heads, tensorBytes: bytes, peakBeforeCall: before,
                               peakAfterCall: after, ratio: Double(after) / Double(bytes))
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

    /// Best wall time of `body`, seconds: over `repeats` runs, and for a short
    /// call over as many more as fit in `shortCallBudget` seconds (at most
    /// `maxRuns`), so a call of a few milliseconds is not judged on one run.
    func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity, total = 0.0, runs = 0
        while runs < repeats || (total < Self.shortCallBudget && runs < Self.maxRuns) {
            let t0 = clock.now
            try body()
            let t = (clock.now - t0).seconds
            best = min(best, t)
            total += t
            runs += 1
        }
        return best
    }

    /// Seconds of runs a short call gets (every call gets `repeats` runs).
    static let shortCallBudget = 1.0
    static let maxRuns = 20

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
        // flash on one thread (beside blas and tiled) and on every core, in each storage type it takes.
        for (dtype, threads) in [(DType.float32, 1), (.float32, cores), (.float16, cores), (.bfloat16, cores)] where threads == 1 || cores > 1 || dtype != .float32 {
            var call = args
            if dtype != .float32 {
                call.q = .converting(args.q.widened(), to: dtype)
                call.k = .converting(args.k.widened(), to: dtype)
                call.v = .converting(args.v.widened(), to: dtype)
            }
            let out = AttentionOutput.allocate(args.dims, dtype: dtype, lseDType: .float32)
            let flash = FlashAttention(threads: threads)
            try add("flash (\(dtype.shortName), \(threads)t)", threads: threads, against: "sgemm") { try flash.forward(call, into: out) }
        }
        // Only within what the literal kernels take (KernelCapabilities.literalMaxFlops): at 16384 it runs for minutes.
        if literal && args.dims.flops <= KernelCapabilities.literal.maxFlops ?? 0 {
            try add("literal reference (f64)", threads: 1, against: "dgemm") { _ = try ReferenceGolden.literal(args) }
        }
    }
}

extension KernelBenchmark.Report {
    /// The row of `implementation` at a shape.
    func row(_ implementation: String, _ d: Int, _ s: Int, _ causal: Bool) -> KernelBenchmark.Row? {
        rows.first { $0.implementation == implementation && $0.headDim == d && $0.length == s && $0.causal == causal }
    }

    /// The table: one line per shape, GFLOP/s of each implementation and its fraction of its GEMM rate.
    func table() -> String {
        var lines = [
            "command: \(command)",
            "machine: \(cpu), \(cores) cores, \(openblas), core type \(openblasCore) (OPENBLAS_CORETYPE=\(openblasCoretypeEnv)), \(build)",
            "GEMM 2048^3 (GFLOP/s): " + gemm.keys.sorted().map { String(format: "%@ %.1f", $0, gemm[$0]!) }.joined(separator: ", "),
        ]
        if let m = memory {
            lines.append(String(format: "memory: flash f32 S=%d D=%d Hq=%d: peak RSS %.0f MiB (%.0f MiB before the call) for %.0f MiB of q, k, v, o, lse: %.2f x (target <= 2)",
                                m.length, m.headDim, m.heads, Double(m.peakAfterCall) / 1_048_576, Double(m.peakBeforeCall) / 1_048_576,
                                Double(m.tensorBytes) / 1_048_576, m.ratio))
        }
        guard !rows.isEmpty else { return lines.joined(separator: "\n") }
        let names = rows.reduce(into: [String]()) { if !$0.contains($1.implementation) { $0.append($1.implementation) } }
        // Peers: numpy (f64) and JAX (f32), one column per thread count each ran with.
        var peers: [(name: String, rows: [KernelBenchmark.PeerRow])] = []
        let peerLists: [(String, [KernelBenchmark.PeerRow])] = [("numpy per-head (f64", numpy ?? []), ("JAX (f32", jax ?? [])]
        for (label, list) in peerLists {
            let threadCounts = Set(list.map { $0.threads }).sorted()
            for t in threadCounts {
                peers.append((name: "\(label), \(t)t)", rows: list.filter { $0.threads == t }))
            }
        }
        lines.append("GFLOP/s (fraction of the GEMM rate at the same thread count: f64 of dgemm, f32/f16/bf16 of sgemm); 4·B·Hq·Sq·Skv·D, B=1, Hq=\(heads), same count for causal")
        lines.append("| D | Sq=Skv | mask | " + (names + peers.map(\.name)).joined(separator: " | ") + " |")
        lines.append("|---|---|---|" + String(repeating: "---|", count: names.count + peers.count))
        var shapes: [(Int, Int, Bool)] = []
        for r in rows where !shapes.contains(where: { $0 == (r.headDim, r.length, r.causal) }) { shapes.append((r.headDim, r.length, r.causal)) }
        for (d, s, causal) in shapes {
            var cells = names.map { name -> String in
                guard let r = row(name, d, s, causal) else { return "-" }
                return String(format: "%.1f (%.0f%%)", r.gflops, 100 * r.fraction)
            }
            for peer in peers {
                cells.append(KernelBenchmark.PeerRow.at(peer.rows, d, s, causal).map { String(format: "%.1f", $0.gflops) } ?? "-")
            }
            lines.append("| \(d) | \(s) | \(causal ? "causal" : "none") | " + cells.joined(separator: " | ") + " |")
        }
        lines += targets(shapes: shapes)
        return lines.joined(separator: "\n")
    }
}

extension KernelBenchmark.Report {
    /// One line per target of issue 13 that this run's rows can judge: the
    /// worst ratio over the shapes, with the shape, and met or missed.
    func targets(shapes: [(Int, Int, Bool)]) -> [String] {
        var lines = ["targets (worst shape of this run):"]
        func judge(_ what: String, _ goal: Double, _ ratios: [(Double, String)]) {
            guard let worst = ratios.min(by: { $0.0 < $1.0 }) else { return }
            lines.append(String(format: "- %@: %.2f at %@ (target >= %.2f: %@)", what, worst.0, worst.1, goal, worst.0 >= goal ? "met" : "missed"))
        }
        func label(_ d: Int, _ s: Int, _ causal: Bool) -> String { "D=\(d) S=\(s)\(causal ? " causal" : "")" }
        let longShapes = shapes.filter { $0.1 >= 1024 }
        for t in Set((jax ?? []).map(\.threads)).sorted() {
            judge("flash f32 / JAX, \(t) thread(s)", 1.5, longShapes.compactMap { d, s, c in
                guard let f = row("flash (f32, \(t)t)", d, s, c), let j = KernelBenchmark.PeerRow.at(jax, d, s, c, threads: t) else { return nil }
                return (f.gflops / j.gflops, label(d, s, c))
            })
        }
        judge("flash f32 (1 thread) / sgemm (1 thread)", 0.6, longShapes.compactMap { d, s, c in
            row("flash (f32, 1t)", d, s, c).map { ($0.fraction, label(d, s, c)) }
        })
        judge("flash f32 causal / non-causal speed at S=4096", 1.8, shapes.filter { $0.1 == 4096 && $0.2 }.compactMap { d, s, _ in
            guard let c = row("flash (f32, \(cores)t)", d, s, true), let n = row("flash (f32, \(cores)t)", d, s, false) else { return nil }
            return (n.seconds / c.seconds, label(d, s, true))
        })
        for dtype in ["f16", "bf16"] {
            judge("flash f32 time / flash \(dtype) time (within 1.3x: >= 0.77)", 1 / 1.3, shapes.compactMap { d, s, c in
                guard let f = row("flash (f32, \(cores)t)", d, s, c), let h = row("flash (\(dtype), \(cores)t)", d, s, c) else { return nil }
                return (f.seconds / h.seconds, label(d, s, c))
            })
        }
        judge("fast golden / dgemm", 0.5, shapes.compactMap { d, s, c in row("fast golden (f64)", d, s, c).map { ($0.fraction, label(d, s, c)) } })
        judge("fast golden / numpy float64", 2, shapes.compactMap { d, s, c in
            guard let g = row("fast golden (f64)", d, s, c), let n = KernelBenchmark.PeerRow.at(numpy, d, s, c) else { return nil }
            return (g.gflops / n.gflops, label(d, s, c))
        })
        return lines.count > 1 ? lines : []
    }
}
