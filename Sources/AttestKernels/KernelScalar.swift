import AttestTensor
import Foundation

/// The type a kernel accumulates in: `Float` for float32, float16 and
/// bfloat16 inputs, `Double` for float64 inputs. Every dot product, running
/// max, exponential, running sum and weighted sum of a kernel happens in this
/// type; inputs are widened to it once (exactly: every input element type
/// widens exactly to its accumulation type) and outputs are rounded once from it.
protocol KernelScalar: BinaryFloatingPoint, Sendable {
    /// `e^x` (the C library's `expf`/`exp`, faithfully rounded).
    static func exponential(_ x: Self) -> Self
    /// Natural logarithm.
    static func logarithm(_ x: Self) -> Self
    /// Hyperbolic tangent.
    static func hyperbolicTangent(_ x: Self) -> Self
}

extension Float: KernelScalar {
    @inline(__always) static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) static func logarithm(_ x: Float) -> Float { Foundation.log(x) }
    @inline(__always) static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanh(x) }
}

extension Double: KernelScalar {
    @inline(__always) static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
}

/// A contiguous scratch buffer of `count` elements owned by this object and
/// freed in `deinit`; the kernels' hot loops use its raw `pointer`.
/// It never escapes the `forward` call that created it.
final class ScratchBuffer<Element> {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        precondition(count >= 0, "scratch buffer size \(count) is negative")
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    /// Sets the first `n` elements to `value`.
    @inline(__always) func fill(_ value: Element, count n: Int) {
        precondition(n <= count, "fill of \(n) elements in a buffer of \(count)")
        pointer.update(repeating: value, count: n)
    }
}
