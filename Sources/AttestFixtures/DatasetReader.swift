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

/// Reads the datasets of one case group, checking presence, shape and element
/// type against the case's schema (`FixtureCase.datasetSpecs`) before anything
/// is read, and `sha256` before the data is used. Every failure is a
/// `FixtureError` naming the file, the case and the dataset.
struct DatasetReader {
    let group: HDF5Group
    let file: String
    let caseName: String
    let kind: FixtureCase.Kind
    let specs: [String: DatasetSpec]

    init(group: HDF5Group, file: String, fixture: FixtureCase) throws(FixtureError) {
        self.group = group
        self.file = file
        caseName = fixture.group
        kind = fixture.kind
        specs = try fixture.datasetSpecs(file: file)
    }

    private func fail(_ problem: FixtureError.Problem) -> FixtureError {
        FixtureError(file: file, caseName: caseName, problem: problem)
    }

    private func hdf5<T>(_ body: () throws(HDF5Error) -> T) throws(FixtureError) -> T {
        do { return try body() } catch { throw fail(.unreadable(error)) }
    }

    func has(_ name: String) throws(FixtureError) -> Bool {
        try hdf5 { () throws(HDF5Error) in try group.contains(name) }
    }

    private func spec(_ name: String) throws(FixtureError) -> DatasetSpec {
        guard let spec = specs[name] else {
            throw fail(.unexpectedMember(path: "\(group.path)/\(name)", reason: "not a dataset of a \(kind.rawValue) case in schema v1"))
        }
        return spec
    }

    /// The checked bytes of dataset `name` and its shape; `pattern` narrows the schema's.
    func bytes(_ name: String, _ pattern: ShapePattern? = nil) throws(FixtureError) -> (shape: [Int], bytes: [UInt8]) {
        let spec = try spec(name)
        guard try has(name) else { throw fail(.missingDataset(name)) }
        let dataset = try hdf5 { () throws(HDF5Error) in try group.dataset(name) }
        let shape = try hdf5 { () throws(HDF5Error) in try dataset.shape() }
        let allowed = pattern ?? spec.pattern
        guard allowed.matches(shape) else {
            throw fail(.wrongShape(dataset: name, expected: allowed.description, found: shape))
        }
        let stored = try hdf5 { () throws(HDF5Error) in try dataset.elementType() }
        guard stored == spec.type else {
            throw fail(.wrongElementType(dataset: name, expected: spec.type.description, found: stored.description))
        }
        let bytes = try hdf5 { () throws(HDF5Error) in try dataset.readRawBytes() }
        try checkHash(dataset, bytes)
        return (shape, bytes)
    }

    /// Compares the bytes' SHA-256 with the dataset's `sha256` attribute; returns the hash.
    @discardableResult
    func checkHash(_ dataset: HDF5Dataset, _ bytes: [UInt8]) throws(FixtureError) -> String {
        let stored = try AttributeReader(object: dataset, file: file, caseName: caseName).string("sha256")
        let computed = SHA256Hex.of(bytes)
        guard stored.lowercased() == computed else {
            throw fail(.hashMismatch(path: dataset.path, stored: stored, computed: computed))
        }
        return computed
    }

    func tensor<E: HDF5Scalar & TensorElement>(_ name: String, as _: E.Type) throws(FixtureError) -> Tensor<E> {
        let type = try spec(name).type
        precondition(type == E.hdf5ElementType, "schema v1 stores dataset \(name) as \(type), not \(E.self)")
        let (shape, bytes) = try bytes(name)
        return Tensor(shape: shape, elements: decode(bytes))
    }

    /// A dataset whose stored type the case's dtype decides (q, k, v, x).
    func anyTensor(_ name: String) throws(FixtureError) -> AnyTensor {
        switch try spec(name).type.dtype {
        case .float64: .float64(try tensor(name, as: Double.self))
        case .float32: .float32(try tensor(name, as: Float.self))
        case .float16: .float16(try tensor(name, as: Float16.self))
        case .bfloat16: .bfloat16(try tensor(name, as: BFloat16.self))
        case nil: preconditionFailure("dataset \(name) is not a tensor in the schema")
        }
    }

    func ints(_ name: String, _ pattern: ShapePattern? = nil) throws(FixtureError) -> [Int] {
        let (_, bytes) = try bytes(name, pattern)
        return (decode(bytes) as [Int64]).map { Int($0) }
    }

    /// A uint8 dataset as booleans (nonzero = true).
    func bools(_ name: String) throws(FixtureError) -> Tensor<Bool> {
        let (shape, bytes) = try bytes(name)
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
