import AttestTensor

extension Tensor {
    /// The tensors joined along `axis` into a new contiguous tensor. Every part
    /// has the same rank and the same size on every other axis.
    static func concatenating(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenating needs at least one tensor")
        let shape0 = parts[0].shape
        for part in parts {
            precondition(part.rank == shape0.count, "concatenating tensors of ranks \(part.rank) and \(shape0.count)")
            for a in shape0.indices where a != axis {
                precondition(part.shape[a] == shape0[a], "concatenating along \(axis): shapes \(part.shape) and \(shape0) differ on axis \(a)")
            }
        }
        var shape = shape0
        shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        let outer = shape0[..<axis].reduce(1, *)
        let inner = shape0[(axis + 1)...].reduce(1, *)
        let scalars = parts.map(\.scalars)
        var elements: [Element] = []
        elements.reserveCapacity(shape.reduce(1, *))
        for o in 0 ..< outer {
            for (part, values) in zip(parts, scalars) {
                let chunk = part.shape[axis] * inner
                elements.append(contentsOf: values[o * chunk ..< (o + 1) * chunk])
            }
        }
        return Tensor(shape: shape, elements: elements)
    }
}

extension AnyTensor {
    /// The tensors (all of one element type) joined along `axis` into a new
    /// contiguous tensor of that type: an exact copy, no rounding.
    static func concatenating(_ parts: [AnyTensor], axis: Int) -> AnyTensor {
        precondition(!parts.isEmpty, "concatenating needs at least one tensor")
        func typed<E: TensorElement>(_: E.Type) -> [Tensor<E>] {
            parts.map {
                guard let t = $0.base as? Tensor<E> else {
                    preconditionFailure("concatenating tensors of element types \($0.dtype) and \(E.dtype)")
                }
                return t
            }
        }
        switch parts[0].dtype {
        case .float64: return .float64(.concatenating(typed(Double.self), axis: axis))
        case .float32: return .float32(.concatenating(typed(Float.self), axis: axis))
        case .float16: return .float16(.concatenating(typed(Float16.self), axis: axis))
        case .bfloat16: return .bfloat16(.concatenating(typed(BFloat16.self), axis: axis))
        }
    }
}
