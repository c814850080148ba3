/// Element-type conversion and whole-tensor helpers for floating-point tensors.
extension Tensor where Element: TensorElement {
    /// A contiguous copy converted to `T`: each element widened exactly to
    /// `Double` and rounded once to `T` (nearest, ties to even).
    public func converted<T: TensorElement>(to _: T.Type) -> Tensor<T> {
        Tensor<T>(shape: shape, elements: scalars.map { T(rounding: $0.doubleValue) })
    }

    /// A contiguous float64 copy (exact).
    public func widened() -> Tensor<Double> { converted(to: Double.self) }

    /// The element at `index`, widened exactly to `Double`.
    public func double(at index: [Int]) -> Double { self[index].doubleValue }

    /// Writes every element of `source` (same shape, any element type) into
    /// this tensor's storage, rounding once.
    public func assign<S: TensorElement>(from source: Tensor<S>) {
        precondition(source.shape == shape, "assign: shape \(source.shape) does not match \(shape)")
        Tensor.forEachIndex(in: shape) { self[$0] = Element(rounding: source[$0].doubleValue) }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Element) {
        Tensor.forEachIndex(in: shape) { self[$0] = value }
    }

    public var dtype: DType { Element.dtype }
}
