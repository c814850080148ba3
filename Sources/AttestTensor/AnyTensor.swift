/// The operations every `Tensor<E: TensorElement>` has, without naming `E`:
/// lets `AnyTensor` forward views and reads to whichever tensor it wraps.
public protocol FloatingTensor: Sendable {
    var shape: [Int] { get }
    var strides: [Int] { get }
    var offset: Int { get }
    var isContiguous: Bool { get }
    var dtype: DType { get }
    func permute(_ order: [Int]) -> Self
    func transpose(_ a: Int, _ b: Int) -> Self
    func narrow(axis: Int, start: Int, length: Int) -> Self
    func slice(axis: Int, _ range: Range<Int>, step: Int) -> Self
    func select(axis: Int, index: Int) -> Self
    func unsqueeze(axis: Int) -> Self
    func expand(to newShape: [Int]) throws -> Self
    func view(_ newShape: [Int]) throws -> Self
    func reshape(_ newShape: [Int]) throws -> Self
    func contiguous() -> Self
    func copy() -> Self
    func widened() -> Tensor<Double>
    func double(at index: [Int]) -> Double
    func storageCount() -> Int
    func sharesStorage(withAny other: any FloatingTensor) -> Bool
}

extension Tensor: FloatingTensor where Element: TensorElement {
    public func storageCount() -> Int { storage.count }
    public func sharesStorage(withAny other: any FloatingTensor) -> Bool {
        (other as? Tensor<Element>).map { $0.storage === storage } ?? false
    }
}

/// A tensor of any of the four floating-point element types. Kernels receive
/// their inputs and output buffers as `AnyTensor` and switch on the case they
/// support; the reference reads every case widened to `Double`. Views of an
/// `AnyTensor` keep its element type and share its storage.
public enum AnyTensor: Sendable, CustomStringConvertible {
    case float64(Tensor<Double>)
    case float32(Tensor<Float>)
    case float16(Tensor<Float16>)
    case bfloat16(Tensor<BFloat16>)

    public init<E: TensorElement>(_ tensor: Tensor<E>) {
        self = AnyTensor.wrap(tensor)
    }

    private static func wrap(_ tensor: any FloatingTensor) -> AnyTensor {
        switch tensor {
        case let t as Tensor<Double>: .float64(t)
        case let t as Tensor<Float>: .float32(t)
        case let t as Tensor<Float16>: .float16(t)
        case let t as Tensor<BFloat16>: .bfloat16(t)
        default: preconditionFailure("AnyTensor holds only the four DType element types, not \(type(of: tensor))")
        }
    }

    /// The wrapped tensor, for operations that do not depend on its element type.
    public var base: any FloatingTensor {
        switch self {
        case let .float64(t): t
        case let .float32(t): t
        case let .float16(t): t
        case let .bfloat16(t): t
        }
    }

    /// A new contiguous tensor of `dtype` filled with `value` (rounded once).
    public static func filled(_ dtype: DType, shape: [Int], value: Double) -> AnyTensor {
        switch dtype {
        case .float64: .float64(Tensor(shape: shape, repeating: value))
        case .float32: .float32(Tensor(shape: shape, repeating: Float(rounding: value)))
        case .float16: .float16(Tensor(shape: shape, repeating: Float16(rounding: value)))
        case .bfloat16: .bfloat16(Tensor(shape: shape, repeating: BFloat16(rounding: value)))
        }
    }

    /// `source` converted to `dtype` (a contiguous copy; one rounding per element).
    public static func converting<E: TensorElement>(_ source: Tensor<E>, to dtype: DType) -> AnyTensor {
        switch dtype {
        case .float64: .float64(source.converted(to: Double.self))
        case .float32: .float32(source.converted(to: Float.self))
        case .float16: .float16(source.converted(to: Float16.self))
        case .bfloat16: .bfloat16(source.converted(to: BFloat16.self))
        }
    }

    public var dtype: DType { base.dtype }
    public var shape: [Int] { base.shape }
    public var strides: [Int] { base.strides }
    public var rank: Int { base.shape.count }
    public var count: Int { base.shape.reduce(1, *) }
    public var isContiguous: Bool { base.isContiguous }

    /// A contiguous float64 copy (exact).
    public func widened() -> Tensor<Double> { base.widened() }

    /// A contiguous copy converted to `dtype` (one rounding per element).
    public func converted(to dtype: DType) -> AnyTensor { AnyTensor.converting(widened(), to: dtype) }

    /// The element at `index` widened to `Double`.
    public func double(at index: [Int]) -> Double { base.double(at: index) }

    /// Stores `value` at `index`, rounded once to this tensor's element type.
    public func set(_ value: Double, at index: [Int]) {
        switch self {
        case let .float64(t): t[index] = value
        case let .float32(t): t[index] = Float(rounding: value)
        case let .float16(t): t[index] = Float16(rounding: value)
        case let .bfloat16(t): t[index] = BFloat16(rounding: value)
        }
    }

    /// Writes every element of `source` (same shape) into this tensor's storage,
    /// rounding each once to this tensor's element type.
    public func assign(from source: Tensor<Double>) {
        switch self {
        case let .float64(t): t.assign(from: source)
        case let .float32(t): t.assign(from: source)
        case let .float16(t): t.assign(from: source)
        case let .bfloat16(t): t.assign(from: source)
        }
    }

    /// Writes every element of `source` (same shape, any element type) into this
    /// tensor's storage, rounding each once.
    public func assign(from source: AnyTensor) {
        precondition(source.shape == shape, "assign: shape \(source.shape) does not match \(shape)")
        Tensor<Double>.forEachIndex(in: shape) { set(source.double(at: $0), at: $0) }
    }

    // Views: forwarded to the wrapped tensor, element type kept.
    public func permute(_ order: [Int]) -> AnyTensor { .wrap(base.permute(order)) }
    public func transpose(_ a: Int, _ b: Int) -> AnyTensor { .wrap(base.transpose(a, b)) }
    public func narrow(axis: Int, start: Int, length: Int) -> AnyTensor {
        .wrap(base.narrow(axis: axis, start: start, length: length))
    }
    public func slice(axis: Int, _ range: Range<Int>, step: Int = 1) -> AnyTensor {
        .wrap(base.slice(axis: axis, range, step: step))
    }
    public func select(axis: Int, index: Int) -> AnyTensor { .wrap(base.select(axis: axis, index: index)) }
    public func unsqueeze(axis: Int) -> AnyTensor { .wrap(base.unsqueeze(axis: axis)) }
    public func expand(to newShape: [Int]) throws -> AnyTensor { .wrap(try base.expand(to: newShape)) }
    public func view(_ newShape: [Int]) throws -> AnyTensor { .wrap(try base.view(newShape)) }
    public func reshape(_ newShape: [Int]) throws -> AnyTensor { .wrap(try base.reshape(newShape)) }
    public func contiguous() -> AnyTensor { .wrap(base.contiguous()) }
    public func copy() -> AnyTensor { .wrap(base.copy()) }
    public func sharesStorage(with other: AnyTensor) -> Bool { base.sharesStorage(withAny: other.base) }

    public var description: String { "AnyTensor.\(dtype)(shape: \(shape), strides: \(strides))" }
}
