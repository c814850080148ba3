// flash-timing: a rough release-mode timing of the float32 attention kernels
// (`flash`, `tiled`, `blas`) on B = 1, Hq = Hkv = 8, no mask or causal,
// reported as GFLOP/s counting 4·B·Hq·Sq·Skv·D flops for both (so skipping
// masked blocks shows as speed). Not a test and not the official table
// (`make bench` gives that); `docs/kernels.md` records what it printed.
//
//   swift build -c release -Xswiftc -target-cpu -Xswiftc haswell --product flash-timing
//   OPENBLAS_NUM_THREADS=1 .build/release/flash-timing [--threads 1] [--seq 1024,4096] [--dims 64,128] [--kernels flash,tiled,blas]
//     [--repeat 3] [--query-block 64] [--key-block 128]
//
// `--threads` is flash's thread count; `blas` uses OpenBLAS's (OPENBLAS_NUM_THREADS), `tiled` one thread.
// Each figure is the best of `--repeat` runs (default 3) of one forward call with lse: wall time, and the
// process's CPU time (all threads; on a shared machine the steadier measure of work, not of speed).
import AttestCore
import AttestKernels
import AttestTensor
import Foundation

func option(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return fallback }
    return args[i + 1]
}

let threads = Int(option("--threads", "1")) ?? 1
let lengths = option("--seq", "1024,4096").split(separator: ",").compactMap { Int($0) }
let headDims = option("--dims", "64,128").split(separator: ",").compactMap { Int($0) }
let names = option("--kernels", "flash,tiled,blas").split(separator: ",").map(String.init)
let repeats = Int(option("--repeat", "3")) ?? 3
let queryBlock = Int(option("--query-block", "64")) ?? 64, keyBlock = Int(option("--key-block", "128")) ?? 128

func kernel(_ name: String) -> any AttentionKernel {
    switch name {
    case "flash": FlashAttention(queryBlock: queryBlock, keyBlock: keyBlock, threads: threads)
    case "tiled": TiledAttention()
    case "blas": BLASAttention()
    default: fatalError("unknown kernel \(name): flash, tiled or blas")
    }
}

func input(_ shape: [Int], _ rng: inout SeededGenerator) -> AnyTensor {
    AnyTensor.converting(Tensor<Double>(shape: shape) { _ in rng.uniform(in: -1 ... 1) }, to: .float32)
}

/// CPU time of the whole process (every thread), in seconds.
func processSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

print("| kernel | threads | D | S | mask | wall s | GFLOP/s (wall) | CPU s | GFLOP per CPU s |")
print("|---|---|---|---|---|---|---|---|---|")
for d in headDims {
    for s in lengths {
        let dims = AttentionDims(batch: 1, queryLength: s, keyLength: s, queryHeads: 8, keyValueHeads: 8, headDim: d, valueDim: d)
        var rng = SeededGenerator(seed: UInt64(s * 1000 + d))
        let q = input(dims.queryShape, &rng), k = input(dims.keyShape, &rng), v = input(dims.valueShape, &rng)
        let flops = 4.0 * 8 * Double(s) * Double(s) * Double(d)
        for causal in [false, true] {
            let args = AttentionArguments(q: q, k: k, v: v, mask: AttentionMask(causal: causal ? .bottomRight : nil))
            for name in names {
                let kernel = kernel(name)
                let output = AttentionOutput.allocate(dims, dtype: .float32, lseDType: .float32)
                var best = Double.infinity, bestCPU = Double.infinity
                for _ in 0 ..< repeats {
                    let start = DispatchTime.now().uptimeNanoseconds, cpu = processSeconds()
                    do { try kernel.forward(args, into: output) } catch { fatalError("\(name): \(error)") }
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                    bestCPU = min(bestCPU, processSeconds() - cpu)
                }
                let t = name == "flash" ? threads : (name == "blas" ? Int(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "") ?? 0 : 1)
                print("| \(name) | \(t == 0 ? "OpenBLAS default" : String(t)) | \(d) | \(s) | \(causal ? "causal" : "none") | "
                    + String(format: "%.3f | %.1f | %.3f | %.1f |", best, flops / best / 1e9, bestCPU, flops / bestCPU / 1e9))
            }
        }
    }
}
