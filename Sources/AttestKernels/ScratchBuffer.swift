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
