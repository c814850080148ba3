/// A strided n-dimensional array over shared storage, with PyTorch's view rules.
///
/// The element at index `(i0, i1, …)` lives at
/// `storage[offset + i0 * strides[0] + i1 * strides[1] + …]`. Strides are in
/// elements and may be 0 (broadcast); views (`permute`, `narrow`, `select`,
/// `view`, `expand`, …) share storage and copies (`contiguous`, `copy`,
/// `converted`) do not.
///
/// `Tensor` is a value whose *storage* is shared: subscripts set elements
/// through the storage, so writing through a `let` view is visible in every
/// view of the same storage, as in PyTorch.
public struct Tensor<Element: Sendable>: Sendable {
    public let storage: TensorStorage<Element>
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int

    /// A view of `storage`. The caller guarantees every index in `shape` maps
    /// inside `storage`; this is checked.
    public init(storage: TensorStorage<Element>, shape: [Int], strides: [Int], offset: Int = 0) {
        precondition(shape.count == strides.count, "shape \(shape) and strides \(strides) differ in rank")
        precondition(shape.allSatisfy { $0 >= 0 }, "negative size in shape \(shape)")
        precondition(offset >= 0, "negative storage offset \(offset)")
        if !shape.contains(0) {
            var lo = offset, hi = offset
            for (n, s) in zip(shape, strides) {
                if s >= 0 { hi += (n - 1) * s } else { lo += (n - 1) * s }
            }
            precondition(lo >= 0 && hi < storage.count,
                         "shape \(shape) strides \(strides) offset \(offset) reach outside storage of \(storage.count) elements")
        }
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// A new contiguous (row-major) tensor holding `elements` in logical order.
    public init(shape: [Int], elements: [Element]) {
        precondition(shape.reduce(1, *) == elements.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) elements, got \(elements.count)")
        self.init(storage: TensorStorage(elements), shape: shape, strides: Tensor.contiguousStrides(for: shape))
    }

    /// A new contiguous tensor with every element `value`.
    public init(shape: [Int], repeating value: Element) {
        self.init(shape: shape, elements: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// A new contiguous tensor whose element at each index is `body(index)`.
    public init(shape: [Int], _ body: ([Int]) throws -> Element) rethrows {
        var elements: [Element] = []
        elements.reserveCapacity(shape.reduce(1, *))
        try Tensor.forEachIndex(in: shape) { elements.append(try body($0)) }
        self.init(shape: shape, elements: elements)
    }

    public var rank: Int { shape.count }
    public var count: Int { shape.reduce(1, *) }

    /// Row-major strides for `shape` (the last axis has stride 1). Sizes of 0 or
    /// 1 get the stride they would have if they were larger, as in PyTorch.
    public static func contiguousStrides(for shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= max(shape[axis], 1)
        }
        return strides
    }

    /// Calls `body` with every index of `shape`, in row-major order.
    public static func forEachIndex(in shape: [Int], _ body: ([Int]) throws -> Void) rethrows {
        guard !shape.contains(0) else { return }
        var index = Array(repeating: 0, count: shape.count)
        while true {
            try body(index)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// The storage position of `index`. Precondition: in bounds.
    @inlinable
    public func storageIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) has rank \(index.count), tensor has rank \(shape.count)")
        var position = offset
        for axis in index.indices {
            precondition(index[axis] >= 0 && index[axis] < shape[axis],
                         "index \(index) out of bounds for shape \(shape)")
            position += index[axis] * strides[axis]
        }
        return position
    }

    /// The element at `index` (one position per axis).
    public subscript(_ index: [Int]) -> Element {
        get { storage.elements[storageIndex(index)] }
        nonmutating set { storage.elements[storageIndex(index)] = newValue }
    }

    public subscript(_ index: Int...) -> Element {
        get { self[index] }
        nonmutating set { self[index] = newValue }
    }

    /// The elements in logical (row-major) order.
    public var scalars: [Element] {
        if count == 0 { return [] } // an empty view's offset need not lie inside its storage
        if isContiguous { return Array(storage.elements[offset ..< offset + count]) }
        var out: [Element] = []
        out.reserveCapacity(count)
        Tensor.forEachIndex(in: shape) { out.append(self[$0]) }
        return out
    }

    /// Whether `other` views the same storage object.
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        "Tensor<\(Element.self)>(shape: \(shape), strides: \(strides), offset: \(offset))"
    }
}
