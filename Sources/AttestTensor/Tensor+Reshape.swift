/// Contiguity, `view`, `reshape` and copies, with PyTorch's rules.
extension Tensor {
    /// Whether the elements lie in row-major order without gaps, starting at
    /// `offset`. Axes of size 1 may have any stride, and a tensor with no
    /// elements is contiguous whatever its strides (PyTorch's `_compute_contiguous`).
    public var isContiguous: Bool {
        if shape.contains(0) { return true }
        var expected = 1
        for axis in shape.indices.reversed() where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    /// A new contiguous tensor with this tensor's elements (a copy with its own
    /// storage), or `self` when it is already contiguous — like PyTorch.
    public func contiguous() -> Tensor {
        isContiguous ? self : copy()
    }

    /// A contiguous copy that never shares storage with `self`.
    public func copy() -> Tensor {
        Tensor(shape: shape, elements: scalars)
    }

    /// Resolves a single `-1` in `newShape` against the element count.
    func inferShape(_ newShape: [Int]) throws -> [Int] {
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        guard unknown.count <= 1 else { throw TensorError.invalidShape(newShape, reason: "only one size may be -1") }
        guard newShape.allSatisfy({ $0 >= -1 }) else { throw TensorError.invalidShape(newShape, reason: "negative size") }
        var resolved = newShape
        if let u = unknown.first {
            let known = newShape.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            guard known != 0, count % known == 0 else { throw TensorError.elementCountMismatch(shape: shape, newShape: newShape) }
            resolved[u] = count / known
        }
        guard resolved.reduce(1, *) == count else { throw TensorError.elementCountMismatch(shape: shape, newShape: newShape) }
        return resolved
    }

    /// The same storage seen with `newShape`. Throws `viewImpossible` exactly
    /// where PyTorch's `.view()` refuses: when an axis of the new shape would
    /// have to span two subspaces of the old one that are not contiguous with
    /// each other. One size may be `-1`.
    public func view(_ newShape: [Int]) throws -> Tensor {
        let resolved = try inferShape(newShape)
        guard let newStrides = Tensor.viewStrides(shape: shape, strides: strides, newShape: resolved) else {
            throw TensorError.viewImpossible(shape: shape, strides: strides, newShape: resolved)
        }
        return Tensor(storage: storage, shape: resolved, strides: newStrides, offset: offset)
    }

    public func view(_ newShape: Int...) throws -> Tensor { try view(newShape) }

    /// A view when `view` can express it, a contiguous copy otherwise.
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        let resolved = try inferShape(newShape)
        if let v = try? view(resolved) { return v }
        return try copy().view(resolved)
    }

    public func reshape(_ newShape: Int...) throws -> Tensor { try reshape(newShape) }

    /// PyTorch's `computeStride` (aten/src/ATen/TensorUtils.cpp): walks the old
    /// axes from the back, grouping them into chunks that are contiguous with
    /// each other, and requires every chunk to be split exactly by new axes.
    /// Returns nil where no strides exist.
    static func viewStrides(shape: [Int], strides: [Int], newShape: [Int]) -> [Int]? {
        if shape.isEmpty { return Array(repeating: 1, count: newShape.count) }
        let numel = shape.reduce(1, *)
        if numel == 0 {
            return shape == newShape ? strides : contiguousStrides(for: newShape)
        }
        var newStrides = Array(repeating: 0, count: newShape.count)
        var viewAxis = newShape.count - 1
        var chunkBaseStride = strides.last!
        var tensorNumel = 1
        var viewNumel = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            tensorNumel *= shape[axis]
            let chunkEnds = axis == 0
                || (shape[axis - 1] != 1 && strides[axis - 1] != tensorNumel * chunkBaseStride)
            if chunkEnds {
                while viewAxis >= 0 && (viewNumel < tensorNumel || newShape[viewAxis] == 1) {
                    newStrides[viewAxis] = viewNumel * chunkBaseStride
                    viewNumel *= newShape[viewAxis]
                    viewAxis -= 1
                }
                if viewNumel != tensorNumel { return nil }
                if axis > 0 {
                    chunkBaseStride = strides[axis - 1]
                    tensorNumel = 1
                    viewNumel = 1
                }
            }
        }
        return viewAxis == -1 ? newStrides : nil
    }
}
