import CHDF5

extension HDF5Dataset {
    /// Checks how a dataset declaring `declared` bytes is stored before `H5Dread`
    /// touches it. A compact dataset (its data inside its object header) must
    /// store exactly `declared` bytes (`stored`, from `H5Dget_storage_size`):
    /// libhdf5 1.10.8 copies the declared bytes out of the compact buffer, so a
    /// corrupted layout message with a shorter or absent buffer is a read past it
    /// or from address 0. A chunked dataset has at most `HDF5Limits.maxChunks`
    /// allocated chunks, each inside the file, and each chunk that no filter
    /// decodes (no filter pipeline, or a filter mask that skips one) exactly as
    /// large as a chunk (chunk dimensions × `width`, overflow-checked): libhdf5
    /// 1.10.8 copies a whole chunk out of whatever it read for an unfiltered
    /// chunk. Contiguous datasets pass unchecked (their size is checked by
    /// `byteCount`; libhdf5 reads them from the file, or the fill value).
    func checkStorage(rank: Int, width: Int, fileBytes: Int, declared: Int, stored: Int) throws(HDF5Error) {
        let dcpl = try site.open("H5Dget_create_plist", .propertyList) { H5Dget_create_plist(handle.id) }
        let layout = H5Pget_layout(dcpl.id)
        guard layout != H5D_LAYOUT_ERROR else { throw site.failure("H5Pget_layout", "the dataset's layout cannot be read") }
        guard layout != H5D_COMPACT || stored == declared else {
            throw site.failure("H5Dget_storage_size", "a compact dataset declaring \(declared) bytes stores \(stored)")
        }
        guard layout == H5D_CHUNKED, rank > 0 else { return }
        var chunkDims = [hsize_t](repeating: 0, count: rank)
        let chunkRank = try site.check("H5Pget_chunk") { H5Pget_chunk(dcpl.id, Int32(rank), &chunkDims) }
        guard chunkRank == rank else {
            throw site.failure("H5Pget_chunk", "chunks of rank \(chunkRank) in a dataset of rank \(rank)")
        }
        var chunkBytes = width
        for dim in chunkDims {
            let (product, overflow) = chunkBytes.multipliedReportingOverflow(by: Int(clamping: dim))
            guard !overflow, product <= HDF5Limits.maxDatasetBytes else {
                throw site.failure("H5Pget_chunk", "chunk shape \(chunkDims) of \(width)-byte elements is larger than the reader's cap of \(HDF5Limits.maxDatasetBytes) bytes")
            }
            chunkBytes = product
        }
        let filters = try site.check("H5Pget_nfilters") { H5Pget_nfilters(dcpl.id) }
        let space = try site.open("H5Dget_space", .dataspace) { H5Dget_space(handle.id) }
        var count: hsize_t = 0
        try site.check("H5Dget_num_chunks") { H5Dget_num_chunks(handle.id, space.id, &count) }
        guard count <= HDF5Limits.maxChunks else {
            throw site.failure("H5Dget_num_chunks", "the dataset has \(count) allocated chunks, more than the reader's cap of \(HDF5Limits.maxChunks)")
        }
        var offset = [hsize_t](repeating: 0, count: rank)
        for index in 0 ..< count {
            var mask: UInt32 = 0, address: haddr_t = 0, size: hsize_t = 0
            try site.check("H5Dget_chunk_info") { H5Dget_chunk_info(handle.id, space.id, index, &offset, &mask, &address, &size) }
            let (end, overflow) = UInt64(address).addingReportingOverflow(size)
            guard !overflow, end <= UInt64(fileBytes) else {
                throw site.failure("H5Dget_chunk_info", "chunk \(index) at \(offset) occupies bytes \(address)..<\(end), past the file's \(fileBytes)")
            }
            guard filters > 0 && mask == 0 || size == UInt64(chunkBytes) else {
                throw site.failure("H5Dget_chunk_info", "unfiltered chunk \(index) at \(offset) stores \(size) bytes, a chunk is \(chunkBytes)")
            }
        }
    }
}
