import AttestTensor

/// Fast exact copies for the collectives and the preambles' scatter and
/// gather: whole rows of the last axis move at once when that axis has
/// stride 1 (every view the preambles cut: narrowing the sequence or head
/// axis of `[B, S, H, D]` keeps D contiguous), instead of one indexed element
/// at a time. The result is the same elements in the same order as
/// `Tensor.copy()` (tested), only faster: the Ulysses all-to-all moves every
/// element of q, k, v and o through such views (`make bench`).
extension Tensor {
    /// A contiguous copy sharing no storage with `self`; equal to `copy()`.
    func rowCopy() -> Tensor {
        guard let row = rowLength, count > 0 else { return copy() }
        var out: [Element] = []
        out.reserveCapacity(count)
        storage.withUnsafeBufferPointer { source in
            forEachRowStart { start in out.append(contentsOf: source[start ..< start + row]) }
        }
        return Tensor(shape: shape, elements: out)
    }

    /// The length of the last axis when its elements are adjacent in storage
    /// (stride 1, or a single element), else nil.
    fileprivate var rowLength: Int? {
        guard let last = shape.last, last == 1 || strides.last == 1 else { return nil }
        return last
    }

    /// Calls `body` with the storage position of the first element of every
    /// row of the last axis, in row-major order.
    fileprivate func forEachRowStart(_ body: (Int) -> Void) {
        let outer = Array(shape.dropLast()), outerStrides = Array(strides.dropLast())
        guard !outer.contains(0) else { return }
        var index = Array(repeating: 0, count: outer.count)
        var position = offset
        while true {
            body(position)
            var axis = outer.count - 1
            while axis >= 0 {
                index[axis] += 1
                position += outerStrides[axis]
                if index[axis] < outer[axis] { break }
                position -= outerStrides[axis] * outer[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}

extension Tensor where Element: TensorElement {
    /// Writes the elements of `source` (same shape and element type) into
    /// this view, exactly; equal to `assign(from:)` for one element type.
    func assignRows(from source: Tensor) {
        precondition(source.shape == shape, "assignRows: shape \(source.shape) does not match \(shape)")
        guard let row = rowLength, count > 0 else { return assign(from: source) }
        let values = source.scalars
        storage.withUnsafeMutableBufferPointer { target in
            var next = 0
            forEachRowStart { start in
                for i in 0 ..< row { target[start + i] = values[next + i] }
                next += row
            }
        }
    }
}

extension AnyTensor {
    /// `Tensor.rowCopy()` for any element type.
    func rowCopy() -> AnyTensor {
        switch self {
        case .float64(let t): .float64(t.rowCopy())
        case .float32(let t): .float32(t.rowCopy())
        case .float16(let t): .float16(t.rowCopy())
        case .bfloat16(let t): .bfloat16(t.rowCopy())
        }
    }

    /// `Tensor.assignRows(from:)` when both have one element type, else the
    /// rounding `assign(from:)`.
    func assignRows(from source: AnyTensor) {
        switch (self, source) {
        case let (.float64(a), .float64(b)): a.assignRows(from: b)
        case let (.float32(a), .float32(b)): a.assignRows(from: b)
        case let (.float16(a), .float16(b)): a.assignRows(from: b)
        case let (.bfloat16(a), .bfloat16(b)): a.assignRows(from: b)
        default: assign(from: source)
        }
    }
}
