import AttestTensor
import Testing

/// A contiguous float64 tensor holding `0, 1, 2, …` in row-major order, like
/// `torch.arange(n, dtype=torch.float64).view(shape)`: every element's value is
/// its flat position, so a view's elements say exactly where they come from.
func arange(_ shape: Int...) -> Tensor<Double> {
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, elements: (0 ..< n).map(Double.init))
}

/// Checks a view's geometry (shape, strides, storage offset) and its elements
/// in logical order, naming `what` on failure.
func expectGeometry(
    _ t: Tensor<Double>, _ what: String, shape: [Int], strides: [Int], offset: Int? = nil, scalars: [Double]? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(t.shape == shape, "\(what): shape", sourceLocation: sourceLocation)
    #expect(t.strides == strides, "\(what): strides", sourceLocation: sourceLocation)
    if let offset { #expect(t.offset == offset, "\(what): storage offset", sourceLocation: sourceLocation) }
    if let scalars { #expect(t.scalars == scalars, "\(what): elements", sourceLocation: sourceLocation) }
}

/// `2^k` exactly.
func pow2(_ k: Int) -> Double { Double(sign: .plus, exponent: k, significand: 1) }
