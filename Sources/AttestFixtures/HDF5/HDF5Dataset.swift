import CHDF5

/// An HDF5 dataset: its shape and element type, read as the raw bytes of its
/// stored type or as typed values without any conversion by HDF5.
public final class HDF5Dataset: HDF5Object {
    /// The dimensions (empty for a scalar dataset).
    public func shape() throws(HDF5Error) -> [Int] {
        let space = try site.open("H5Dget_space", .dataspace) { H5Dget_space(handle.id) }
        return try site.shape(ofSpace: space)
    }

    /// The stored element type, recognised by its exact layout.
    public func elementType() throws(HDF5Error) -> HDF5ElementType {
        try site.classify(try fileType())
    }

    func fileType() throws(HDF5Error) -> HDF5Handle {
        try site.open("H5Dget_type", .datatype) { H5Dget_type(handle.id) }
    }

    /// The elements' bytes in C order exactly as stored (the memory type is the
    /// file type, so HDF5 converts nothing): little-endian, 2-byte bit patterns
    /// for float16/bfloat16. Only for the numeric `HDF5ElementType`s.
    public func readRawBytes() throws(HDF5Error) -> [UInt8] {
        let type = try fileType()
        let element = try site.classify(type)
        guard let width = element.byteWidth else {
            throw site.failure("readRawBytes", "raw bytes are defined for numeric datasets only, this one holds \(element)")
        }
        let byteCount = try self.byteCount(shape: try shape(), width: width)
        var bytes = [UInt8](repeating: 0, count: byteCount)
        guard byteCount > 0 else { return bytes }
        try site.check("H5Dread") {
            bytes.withUnsafeMutableBytes {
                H5Dread(handle.id, type.id, attest_H5S_ALL(), attest_H5S_ALL(), attest_H5P_DEFAULT(), $0.baseAddress)
            }
        }
        return bytes
    }

    /// The bytes a dataset of `shape` and element `width` declares, checked before
    /// anything is allocated or read (`HDF5Limits`): the product is computed with
    /// overflow checks and must be at most `maxDatasetBytes`; the bytes the dataset
    /// occupies in the file must fit in the file; the declared bytes must be at most
    /// `maxExpansionRatio` times the stored bytes (no sparse dataset, no
    /// decompression bomb); its storage must pass `checkStorage` (a compact dataset's
    /// buffer, a chunked dataset's chunks).
    /// Each failure names the sizes involved.
    func byteCount(shape: [Int], width: Int) throws(HDF5Error) -> Int {
        var total = width
        for dim in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dim)
            guard dim >= 0, !overflow else {
                throw site.failure("readRawBytes", "shape \(shape) of \(width)-byte elements overflows a 64-bit size")
            }
            total = product
        }
        guard total <= HDF5Limits.maxDatasetBytes else {
            throw site.failure("readRawBytes", "shape \(shape) of \(width)-byte elements declares \(total) bytes, more than the reader's cap of \(HDF5Limits.maxDatasetBytes)")
        }
        guard total > 0 else { return 0 }
        let stored = Int(clamping: H5Dget_storage_size(handle.id))  // 0 also when nothing is stored
        let fileBytes = try fileSize()
        guard stored <= fileBytes else {
            throw site.failure("H5Dget_storage_size", "the dataset occupies \(stored) bytes, more than the file's \(fileBytes)")
        }
        guard total / HDF5Limits.maxExpansionRatio <= stored else {
            throw site.failure("readRawBytes", "shape \(shape) declares \(total) bytes but the file stores \(stored) for it, more than \(HDF5Limits.maxExpansionRatio) times (a sparse dataset or a decompression bomb)")
        }
        try checkStorage(rank: shape.count, width: width, fileBytes: fileBytes, declared: total, stored: stored)
        return total
    }

    /// The size in bytes of the file this dataset belongs to.
    private func fileSize() throws(HDF5Error) -> Int {
        let file = try site.open("H5Iget_file_id", .file) { H5Iget_file_id(handle.id) }
        var size: hsize_t = 0
        try site.check("H5Fget_filesize") { H5Fget_filesize(file.id, &size) }
        return Int(clamping: size)
    }

    /// The elements in C order as `E`. The stored type must be exactly
    /// `E.hdf5ElementType` (no conversion happens); anything else throws.
    public func read<E: HDF5Scalar>(_: E.Type = E.self) throws(HDF5Error) -> [E] {
        let stored = try elementType()
        guard stored == E.hdf5ElementType else {
            throw site.failure("read(as: \(E.self))", "dataset holds \(stored), not \(E.hdf5ElementType)")
        }
        precondition(MemoryLayout<E>.stride == stored.byteWidth, "\(E.self) is not \(stored) in memory")
        let bytes = try readRawBytes()
        let count = bytes.count / MemoryLayout<E>.stride
        return [E](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            initialized = count
        }
    }
}

/// How a new dataset is stored.
public enum HDF5Layout: Sendable, Equatable {
    case contiguous
    /// Chunked with the given chunk shape, byte shuffle, and gzip (deflate) at `gzipLevel` (0-9).
    case chunked([Int], gzipLevel: Int)
}

extension HDF5Group {
    /// Creates dataset `name` of `shape` from `values` (C order), stored as
    /// `E.hdf5ElementType` with the memory type equal to the file type, so the
    /// bytes written are exactly the values' bits. No timestamps are stored.
    @discardableResult
    public func createDataset<E: HDF5Scalar>(_ name: String, shape: [Int], values: [E],
                                             layout: HDF5Layout = .contiguous) throws(HDF5Error) -> HDF5Dataset {
        precondition(shape.reduce(1, *) == values.count, "dataset \(name): shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        let child = site.child(name)
        let type = try child.makeDatatype(E.hdf5ElementType)
        let space = try child.dataspace(shape)
        let dcpl = try child.propertyList(attest_H5P_DATASET_CREATE())
        try child.check("H5Pset_obj_track_times") { H5Pset_obj_track_times(dcpl.id, false) }
        if case let .chunked(chunks, level) = layout, !values.isEmpty {
            precondition(chunks.count == shape.count && chunks.allSatisfy { $0 >= 1 },
                         "dataset \(name): chunk shape \(chunks) does not fit shape \(shape)")
            let dims = zip(chunks, shape).map { hsize_t(min($0, $1)) }
            try child.check("H5Pset_chunk") { H5Pset_chunk(dcpl.id, Int32(dims.count), dims) }
            try child.check("H5Pset_shuffle") { H5Pset_shuffle(dcpl.id) }
            try child.check("H5Pset_deflate") { H5Pset_deflate(dcpl.id, UInt32(level)) }
        }
        let h = try child.open("H5Dcreate2", .dataset) {
            H5Dcreate2(handle.id, name, type.id, space.id, attest_H5P_DEFAULT(), dcpl.id, attest_H5P_DEFAULT())
        }
        if !values.isEmpty {
            try child.check("H5Dwrite") {
                values.withUnsafeBytes {
                    H5Dwrite(h.id, type.id, attest_H5S_ALL(), attest_H5S_ALL(), attest_H5P_DEFAULT(), $0.baseAddress)
                }
            }
        }
        return HDF5Dataset(handle: h, site: child)
    }
}
