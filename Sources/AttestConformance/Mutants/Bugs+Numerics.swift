import AttestCore
import AttestTensor
import Foundation
import Synchronization

// Bugs in the arithmetic: softmax stability, accumulation precision, lse,
// fully masked rows, determinism.

/// `exp(s) / Σ exp(s)` without subtracting the row maximum, in the kernel's
/// working precision (float64 for float64 inputs, float32 otherwise): scores
/// above ~88 (float32) or ~709 (float64) overflow to inf and give NaN.
/// Rows with no visible key are still handled correctly.
struct SoftmaxWithoutMax: AttentionSteps {
    func softmax(_ scores: [Double], dtype: DType) -> (weights: [Double], lse: Double) {
        guard scores.contains(where: { $0 > -.infinity }) else {
            return (Array(repeating: 0, count: scores.count), -.infinity)
        }
        let e = scores.map { dtype == .float64 ? exp($0) : Double(exp(Float($0))) }
        let sum = e.reduce(0, +)
        return (e.map { $0 / sum }, log(sum))
    }
}

/// Every running sum (dot products, softmax denominator, weighted values)
/// rounded to float16 after each addition, whatever the element type.
struct Float16Accumulation: AttentionSteps {
    func accumulate(_ x: Double) -> Double { Double(Float16(x)) }
}

/// Writes `log2 Σ exp(s)` where the contract asks for the natural log.
struct LSEBase2: AttentionSteps {
    func reportedLSE(_ lse: Double, dtype: DType) -> Double { lse / log(2) }
}

/// Stores lse through the call's element type: a float16 or bfloat16 kernel
/// that keeps its lse in the same buffer type as o. Float32 and float64 calls
/// are exact. A bfloat16 lse near 5 is off by up to 2^-6, which every ring
/// block and split-KV partial merged through it carries as a factor e^δ.
struct LSEInElementType: AttentionSteps {
    func reportedLSE(_ lse: Double, dtype: DType) -> Double { BaselineAttention.round(lse, to: dtype) }
}

/// A row with no visible key gives NaN (the naive `0/0`) although the kernel
/// declares the policy `zero`.
struct NaNForFullyMaskedRows: AttentionSteps {
    func softmax(_ scores: [Double], dtype: DType) -> (weights: [Double], lse: Double) {
        guard scores.contains(where: { $0 > -.infinity }) else {
            return (Array(repeating: .nan, count: scores.count), -.infinity)
        }
        return CorrectSteps().softmax(scores, dtype: dtype)
    }
}

/// Declared deterministic, but each call moves one output element by about
/// one unit in the last place of its element type (a stand-in for atomics
/// or split-k reductions whose order changes between runs). Call n moves
/// element (n / 2) mod count of o (row-major), up when n is even and down
/// when it is odd, so two calls give different bits unless 2·count calls
/// happened in between. Each run alone is within any tolerance.
struct RunDependentNoise: AttentionSteps {
    /// Counts calls. `final class` holding a `Mutex`: shared, thread-safe state.
    final class Runs: Sendable {
        let count = Mutex<Int>(0)
        func next() -> Int { count.withLock { $0 += 1; return $0 } }
    }
    let runs = Runs()

    func finish(_ output: AttentionOutput) {
        let n = runs.next(), o = output.o, dtype = o.dtype
        let target = unflatten((n / 2) % o.count, o.shape)
        let x = o.double(at: target)
        guard x.isFinite else { return }
        let sign: Double = n % 2 == 0 ? 1 : -1
        o.set(x == 0 ? sign * dtype.leastNonzeroMagnitude : x * (1 + sign * 2 * dtype.unitRoundoff), at: target)
    }
}
