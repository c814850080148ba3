import AttestCatalog
import AttestCore
import AttestParallel
import AttestTensor
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The measurements of `attest bench-stacks` (issue 5 §7): the time of a
/// preamble stack over a core divided by the time of the bare core on the
/// same problem; each rank's measured communication is compared with the
/// formula its preamble declares (`ShardedPreamble.expectedTraffic`).
///
/// Times are the best of `repeats` runs, both wall-clock and process CPU time
/// (user + system over all threads, `getrusage`). The kernels are
/// single-threaded while the simulated ranks are threads, so on 2 cores a
/// stack's wall time can drop below the core's; the CPU-time ratio is the
/// overhead in work, the figure the 1.3x target is judged on.
struct StackBenchmark {
    var dims: AttentionDims
    var dtype: DType
    var repeats: Int

    struct Timing {
        var wall: Double
        var cpu: Double
    }

    /// q, k, v uniform in [-1, 1) from a fixed seed (`SeededGenerator`), contiguous.
    func arguments() -> AttentionArguments {
        var rng = SeededGenerator(seed: 0x5EED_2048)
        func tensor(_ shape: [Int]) -> AnyTensor {
            let t = rng.uniform(shape)
            return dtype == .float64 ? .float64(t) : AnyTensor.converting(t, to: dtype)
        }
        return AttentionArguments(q: tensor(dims.queryShape), k: tensor(dims.keyShape), v: tensor(dims.valueShape))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Runs `kernel` `repeats` times into one set of buffers; the best wall and CPU times.
    func time(_ kernel: any AttentionKernel, _ args: AttentionArguments, repeats: Int) throws -> (Timing, AttentionOutput) {
        let output = AttentionOutput.allocate(dims, dtype: dtype, lseDType: .float64)
        var best = Timing(wall: .infinity, cpu: .infinity)
        let clock = ContinuousClock()
        for _ in 0 ..< repeats {
            let cpu0 = Self.cpuSeconds(), t0 = clock.now
            try kernel.forward(args, into: output)
            let elapsed = clock.now - t0
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = Timing(wall: min(best.wall, wall), cpu: min(best.cpu, Self.cpuSeconds() - cpu0))
        }
        return (best, output)
    }

    /// Largest |a − b| over o, in float64.
    static func difference(_ a: AttentionOutput, _ b: AttentionOutput) -> Double {
        zip(a.o.widened().scalars, b.o.widened().scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
