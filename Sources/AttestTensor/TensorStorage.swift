/// The flat buffer that tensors view. Views share one storage, as in PyTorch:
/// writing through one view is visible through every other view of it.
///
/// `@unchecked Sendable`: a storage is a shared mutable buffer by design (that
/// is what a view is). Concurrent writes to overlapping elements are a data race
/// the caller must avoid, exactly as with a PyTorch tensor shared across threads;
/// Attest's own parallel code gives every thread disjoint output regions.
public final class TensorStorage<Element: Sendable>: @unchecked Sendable {
    public var elements: [Element]

    public init(_ elements: [Element]) { self.elements = elements }

    public var count: Int { elements.count }

    /// Direct access for kernels that need raw pointers (BLAS, tight loops).
    public func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeMutableBufferPointer(body)
    }

    public func withUnsafeBufferPointer<R>(
        _ body: (UnsafeBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeBufferPointer(body)
    }
}
