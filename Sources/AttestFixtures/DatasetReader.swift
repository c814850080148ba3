import AttestTensor

/// Allowed sizes per axis: `[[1, B], [Hq], nil]` is `[1|B, Hq, *]`.
struct ShapePattern: CustomStringConvertible {
    var axes: [[Int]?]

    init(_ axes: [[Int]?]) { self.axes = axes }
    /// Exactly `shape`.
    init(exactly shape: [Int]) { axes = shape.map { [$0] } }

    func matches(_ shape: [Int]) -> Bool {
        shape.count == axes.count && zip(shape, axes).allSatisfy { n, allowed in allowed?.contains(n) ?? true }
    }

    var description: String {
        "[" + axes.map { $0.map { Array(Set($0)).sorted().map(String.init).joined(separator: "|") } ?? "*" }
            .joined(separator: ", ") + "]"
    }
}

/// Reads the datasets of one case group, checking presence, shape, element
/// type and `sha256` before the data is used. Every failure is a `FixtureError`
/// naming the file, the case and the dataset.
struct DatasetReader {
    let group: HDF5Group
    let file: String
    let caseName: String

    private func fail(_ problem: FixtureError.Problem) -> FixtureError {
        FixtureError(file: file, caseName: caseName, problem: problem)
    }

    private func hdf5<T>(_ body: () throws(HDF5Error) -> T) throws(FixtureError) -> T {
        do { return try body() } catch { throw fail(.unreadable(error)) }
    }

    func has(_ name: String) throws(FixtureError) -> Bool {
        try hdf5 { () throws(HDF5Error) in try group.contains(name) }
    }

    /// The checked bytes of dataset `name` and its shape.
    func bytes(_ name: String, _ pattern: ShapePattern, _ type: HDF5ElementType) throws(FixtureError) -> (shape: [Int], bytes: [UInt8]) {
        guard try has(name) else { throw fail(.missingDataset(name)) }
        let dataset = try hdf5 { () throws(HDF5Error) in try group.dataset(name) }
        let shape = try hdf5 { () throws(HDF5Error) in try dataset.shape() }
        guard pattern.matches(shape) else {
            throw fail(.wrongShape(dataset: name, expected: pattern.description, found: shape))
        }
        let stored = try hdf5 { () throws(HDF5Error) in try dataset.elementType() }
        guard stored == type else {
            throw fail(.wrongElementType(dataset: name, expected: type.description, found: stored.description))
        }
        let bytes = try hdf5 { () throws(HDF5Error) in try dataset.readRawBytes() }
        try checkHash(dataset, bytes)
        return (shape, bytes)
    }

    /// Compares the bytes' SHA-256 with the dataset's `sha256` attribute.
    func checkHash(_ dataset: HDF5Dataset, _ bytes: [UInt8]) throws(FixtureError) {
        let stored = try AttributeReader(object: dataset, file: file, caseName: caseName).string("sha256")
        let computed = SHA256Hex.of(bytes)
        guard stored.lowercased() == computed else {
            throw fail(.hashMismatch(path: dataset.path, stored: stored, computed: computed))
        }
    }

    func tensor<E: HDF5Scalar & TensorElement>(_ name: String, _ pattern: ShapePattern, as _: E.Type) throws(FixtureError) -> Tensor<E> {
        let (shape, bytes) = try bytes(name, pattern, E.hdf5ElementType)
        return Tensor(shape: shape, elements: decode(bytes))
    }

    func anyTensor(_ name: String, _ pattern: ShapePattern, _ dtype: DType) throws(FixtureError) -> AnyTensor {
        switch dtype {
        case .float64: .float64(try tensor(name, pattern, as: Double.self))
        case .float32: .float32(try tensor(name, pattern, as: Float.self))
        case .float16: .float16(try tensor(name, pattern, as: Float16.self))
        case .bfloat16: .bfloat16(try tensor(name, pattern, as: BFloat16.self))
        }
    }

    func ints(_ name: String, _ pattern: ShapePattern) throws(FixtureError) -> [Int] {
        let (_, bytes) = try bytes(name, pattern, .int64)
        return (decode(bytes) as [Int64]).map { Int($0) }
    }

    /// A uint8 dataset as booleans (nonzero = true).
    func bools(_ name: String, _ pattern: ShapePattern) throws(FixtureError) -> Tensor<Bool> {
        let (shape, bytes) = try bytes(name, pattern, .uint8)
        return Tensor(shape: shape, elements: bytes.map { $0 != 0 })
    }
}

/// Reinterprets little-endian bytes as elements of `E` (whose memory layout
/// is exactly its HDF5 element type; Attest runs on little-endian hosts).
func decode<E: HDF5Scalar>(_ bytes: [UInt8]) -> [E] {
    precondition(bytes.count % MemoryLayout<E>.stride == 0, "\(bytes.count) bytes are not whole \(E.self) elements")
    let count = bytes.count / MemoryLayout<E>.stride
    return [E](unsafeUninitializedCapacity: count) { buffer, initialized in
        bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
        initialized = count
    }
}

/// The bytes of `values` as stored (little-endian hosts).
func encode<E: HDF5Scalar>(_ values: [E]) -> [UInt8] {
    values.withUnsafeBytes { Array($0) }
}
