/// Errors from tensor operations whose validity depends on data (shapes and
/// strides) rather than on the programmer: the caller can report them.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// `view` cannot express the new shape over these strides (PyTorch refuses
    /// the same way); use `reshape` to copy instead.
    case viewImpossible(shape: [Int], strides: [Int], newShape: [Int])
    /// The element counts of two shapes differ.
    case elementCountMismatch(shape: [Int], newShape: [Int])
    /// More than one `-1`, or a `-1` that cannot be inferred.
    case invalidShape([Int], reason: String)
    /// `expand` to a shape the tensor cannot broadcast to.
    case notBroadcastable(shape: [Int], to: [Int])

    public var description: String {
        switch self {
        case let .viewImpossible(shape, strides, newShape):
            "view size is not compatible with input tensor's size and stride: shape \(shape), strides \(strides) cannot be viewed as \(newShape) (at least one dimension spans across two contiguous subspaces); use reshape(), which copies"
        case let .elementCountMismatch(shape, newShape):
            "shape \(newShape) is invalid for a tensor of shape \(shape) (\(shape.reduce(1, *)) elements)"
        case let .invalidShape(shape, reason):
            "invalid shape \(shape): \(reason)"
        case let .notBroadcastable(shape, to):
            "shape \(shape) cannot be broadcast to \(to): a size that is not 1 must match"
        }
    }
}
