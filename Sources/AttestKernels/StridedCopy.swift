import AttestCore
import AttestTensor

/// One axis of a strided copy: `count` positions, `source` and `destination`
/// strides in elements. A tensor axis may be split into several copy axes
/// (e.g. Hq into (Hkv, Hq/Hkv)) as long as every position reached is one the
/// tensor's shape and strides reach.
struct CopyAxis {
    var count: Int
    var source: Int
    var destination: Int
}

/// Copies `src[sourceOffset + Σ n_a·source_a]` to `dst[Σ n_a·destination_a]`
/// for every index `(n_0, …)` of `axes`, converting each element with
/// `convert`. The last axis is the inner loop. Wrapping index arithmetic keeps
/// the inner loop free of overflow checks; the caller guarantees every index is
/// in bounds (it derives `axes` from the tensor's own shape and strides).
@inline(__always)
func stridedCopy<Source, Destination>(
    from src: UnsafePointer<Source>, sourceOffset: Int, to dst: UnsafeMutablePointer<Destination>,
    axes: [CopyAxis], convert: (Source) -> Destination
) {
    guard !axes.isEmpty else {
        dst[0] = convert(src[sourceOffset])
        return
    }
    guard axes.allSatisfy({ $0.count > 0 }) else { return }
    let inner = axes[axes.count - 1]
    let outer = axes.dropLast()
    var index = Array(repeating: 0, count: outer.count)
    var s = sourceOffset, d = 0
    while true {
        let n = inner.count, ss = inner.source, ds = inner.destination
        if ss == 1 && ds == 1 {
            for x in 0 ..< n { dst[d &+ x] = convert(src[s &+ x]) }
        } else {
            for x in 0 ..< n { dst[d &+ x &* ds] = convert(src[s &+ x &* ss]) }
        }
        // Odometer over the outer axes, adjusting the offsets incrementally.
        var a = outer.count - 1
        while a >= 0 {
            let axis = outer[outer.startIndex + a]
            index[a] += 1
            s &+= axis.source
            d &+= axis.destination
            if index[a] < axis.count { break }
            s &-= axis.source &* axis.count
            d &-= axis.destination &* axis.count
            index[a] = 0
            a -= 1
        }
        if a < 0 { return }
    }
}

extension Tensor {
    /// Gathers this tensor's elements at `extraOffset + Σ n_a·source_a`
    /// (relative to the tensor's own offset) into `dst`, see `stridedCopy`.
    func gather<T>(axes: [CopyAxis], extraOffset: Int = 0, into dst: UnsafeMutablePointer<T>,
                   convert: (Element) -> T) {
        storage.withUnsafeBufferPointer { buffer in
            stridedCopy(from: buffer.baseAddress!, sourceOffset: offset + extraOffset, to: dst,
                        axes: axes, convert: convert)
        }
    }

    /// Scatters `src[Σ n_a·source_a]` into this tensor's elements at
    /// `Σ n_a·destination_a` (relative to its offset): the reverse of `gather`.
    func scatter<T>(from src: UnsafePointer<T>, axes: [CopyAxis], convert: (T) -> Element) {
        let base = offset
        storage.withUnsafeMutableBufferPointer { buffer in
            stridedCopy(from: src, sourceOffset: 0, to: buffer.baseAddress! + base, axes: axes, convert: convert)
        }
    }
}

extension AnyTensor {
    /// Gathers elements (see `Tensor.gather`) widened to the accumulation type `S`.
    /// Widening float16, bfloat16 and float32 to Float, or any type to Double,
    /// is exact; float64 to Float rounds once (not used by the shipped kernels).
    func gather<S: KernelScalar>(axes: [CopyAxis], extraOffset: Int = 0, into dst: UnsafeMutablePointer<S>) {
        switch self {
        case let .float64(t): t.gather(axes: axes, extraOffset: extraOffset, into: dst) { S($0) }
        case let .float32(t): t.gather(axes: axes, extraOffset: extraOffset, into: dst) { S($0) }
        case let .float16(t): t.gather(axes: axes, extraOffset: extraOffset, into: dst) { S(Float($0)) }
        case let .bfloat16(t): t.gather(axes: axes, extraOffset: extraOffset, into: dst) { S($0.floatValue) }
        }
    }

    /// Writes contiguous accumulation-type values into this tensor, each rounded
    /// once to its element type (to nearest, ties to even). `axes[a].source` is
    /// the stride in `src`, `axes[a].destination` the stride in this tensor.
    func scatter<S: KernelScalar>(from src: UnsafePointer<S>, axes: [CopyAxis]) {
        switch self {
        case let .float64(t): t.scatter(from: src, axes: axes) { Double($0) }
        case let .float32(t): t.scatter(from: src, axes: axes) { Float($0) }
        case let .float16(t): t.scatter(from: src, axes: axes) { Float16(rounding: Double($0)) }
        case let .bfloat16(t): t.scatter(from: src, axes: axes) { BFloat16(rounding: Double($0)) }
        }
    }
}
