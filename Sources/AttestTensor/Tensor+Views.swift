/// Views: new shape and strides over the same storage, never a copy.
/// Axis arguments may be negative (counted from the end), as in PyTorch.
extension Tensor {
    @usableFromInline
    func normalizedAxis(_ axis: Int, rank: Int? = nil) -> Int {
        let r = rank ?? self.rank
        let a = axis < 0 ? axis + r : axis
        precondition(a >= 0 && a < r, "axis \(axis) out of range for rank \(r)")
        return a
    }

    /// Reorders the axes: result axis `i` is input axis `order[i]`.
    public func permute(_ order: [Int]) -> Tensor {
        let order = order.map { normalizedAxis($0) }
        precondition(order.count == rank && Set(order).count == rank,
                     "permute order \(order) is not a permutation of 0..<\(rank)")
        return Tensor(storage: storage, shape: order.map { shape[$0] },
                      strides: order.map { strides[$0] }, offset: offset)
    }

    public func permute(_ order: Int...) -> Tensor { permute(order) }

    /// Swaps two axes.
    public func transpose(_ a: Int, _ b: Int) -> Tensor {
        var order = Array(0 ..< rank)
        order.swapAt(normalizedAxis(a), normalizedAxis(b))
        return permute(order)
    }

    /// The elements `start ..< start + length` along `axis` (PyTorch's `narrow`).
    public func narrow(axis: Int, start: Int, length: Int) -> Tensor {
        let a = normalizedAxis(axis)
        precondition(start >= 0 && length >= 0 && start + length <= shape[a],
                     "narrow(axis: \(axis), start: \(start), length: \(length)) out of range for size \(shape[a])")
        var newShape = shape
        newShape[a] = length
        return Tensor(storage: storage, shape: newShape, strides: strides,
                      offset: length == 0 ? offset : offset + start * strides[a])
    }

    /// Every `step`-th element of `range` along `axis` (Python's `t[a:b:step]`).
    public func slice(axis: Int, _ range: Range<Int>, step: Int = 1) -> Tensor {
        let a = normalizedAxis(axis)
        precondition(step > 0, "slice step must be positive, got \(step)")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[a],
                     "slice \(range) out of range for size \(shape[a])")
        let n = (range.count + step - 1) / step
        var newShape = shape, newStrides = strides
        newShape[a] = n
        newStrides[a] = strides[a] * step
        return Tensor(storage: storage, shape: newShape, strides: newStrides,
                      offset: n == 0 ? offset : offset + range.lowerBound * strides[a])
    }

    /// Removes `axis` by fixing it at `index` (PyTorch's `select`).
    public func select(axis: Int, index: Int) -> Tensor {
        let a = normalizedAxis(axis)
        precondition(index >= -shape[a] && index < shape[a],
                     "select index \(index) out of range for size \(shape[a])")
        let i = index < 0 ? index + shape[a] : index
        var newShape = shape, newStrides = strides
        newShape.remove(at: a)
        newStrides.remove(at: a)
        return Tensor(storage: storage, shape: newShape, strides: newStrides, offset: offset + i * strides[a])
    }

    /// All `select(axis:index:)` views along `axis`, in order.
    public func unbind(axis: Int) -> [Tensor] {
        let a = normalizedAxis(axis)
        return (0 ..< shape[a]).map { select(axis: a, index: $0) }
    }

    /// Inserts an axis of size 1 at `axis` (in the result's numbering).
    public func unsqueeze(axis: Int) -> Tensor {
        let a = normalizedAxis(axis, rank: rank + 1)
        var newShape = shape, newStrides = strides
        newShape.insert(1, at: a)
        newStrides.insert(a < rank ? strides[a] * shape[a] : 1, at: a)
        return Tensor(storage: storage, shape: newShape, strides: newStrides, offset: offset)
    }

    /// Broadcasts to `newShape` by giving expanded axes stride 0 (PyTorch's
    /// `expand`). Leading axes may be added; an existing axis of size 1 may grow
    /// (or shrink to 0). Throws for fewer axes, a size that is neither equal nor
    /// grown from 1, and negative sizes.
    public func expand(to newShape: [Int]) throws -> Tensor {
        guard newShape.count >= rank, newShape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.notBroadcastable(shape: shape, to: newShape)
        }
        let lead = newShape.count - rank
        var newStrides = Array(repeating: 0, count: newShape.count)
        for axis in 0 ..< rank {
            let target = newShape[lead + axis]
            if shape[axis] == target {
                newStrides[lead + axis] = strides[axis]
            } else if shape[axis] == 1 {
                newStrides[lead + axis] = 0
            } else {
                throw TensorError.notBroadcastable(shape: shape, to: newShape)
            }
        }
        return Tensor(storage: storage, shape: newShape, strides: newStrides, offset: offset)
    }
}
