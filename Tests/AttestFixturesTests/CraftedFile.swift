import CHDF5
import Foundation
import Testing

/// Hostile HDF5 files made from a copy of `schema_v1.h5` through the C API
/// (the reader's wrapper cannot write links or unwritten datasets, by design).
/// Each edit reaches into case group `c0000`, whose datasets verify reads first.
struct CraftedFile {
    let path: String

    /// A fresh copy of `schema_v1.h5` named `name`.
    init(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        path = try TestData.temporaryPath(name)
        try FileManager.default.copyItem(atPath: TestData.path("schema_v1.h5", sourceLocation: sourceLocation), toPath: path)
    }

    /// Opens the copy read-write and runs `body` on group `/c0000`; every status must be >= 0.
    func edit(sourceLocation: SourceLocation = #_sourceLocation, _ body: (_ group: hid_t) throws -> Void) throws {
        _ = H5Eset_auto2(attest_H5E_DEFAULT(), nil, nil)
        let file = H5Fopen(path, attest_H5F_ACC_RDWR(), attest_H5P_DEFAULT())
        try #require(file >= 0, "cannot open \(path) read-write", sourceLocation: sourceLocation)
        defer { H5Fclose(file) }
        let group = H5Gopen2(file, "/c0000", attest_H5P_DEFAULT())
        try #require(group >= 0, "no /c0000 in \(path)", sourceLocation: sourceLocation)
        defer { H5Gclose(group) }
        try body(group)
    }

    /// Requires an HDF5 status to be a success.
    static func ok<R: BinaryInteger>(_ status: R, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(status >= 0, "\(what) failed (\(status))", sourceLocation: sourceLocation)
    }

    /// Creates a chunked (deflate) int64 dataset `name` of `count` elements in
    /// `group` and writes nothing: the file declares `8 · count` bytes and stores none.
    static func sparse(_ group: hid_t, _ name: String, count: UInt64, chunk: UInt64 = 1 << 16) throws {
        var dims = [hsize_t(count)], chunks = [hsize_t(chunk)]
        let space = H5Screate_simple(1, &dims, nil)
        defer { H5Sclose(space) }
        let dcpl = H5Pcreate(attest_H5P_DATASET_CREATE())
        defer { H5Pclose(dcpl) }
        try ok(H5Pset_chunk(dcpl, 1, &chunks), "H5Pset_chunk")
        try ok(H5Pset_deflate(dcpl, 9), "H5Pset_deflate")
        let dataset = H5Dcreate2(group, name, attest_H5T_STD_I64LE(), space, attest_H5P_DEFAULT(), dcpl, attest_H5P_DEFAULT())
        try ok(dataset, "H5Dcreate2 \(name)")
        H5Dclose(dataset)
    }

    /// A deflate bomb: `chunks` chunks of 1 MiB of zeros, each stored as the
    /// same ~1 KiB compressed chunk (compressed once, then written raw with
    /// `H5Dwrite_chunk`), so the dataset declares `chunks` MiB and stores about a thousandth of it.
    static func deflateBomb(_ group: hid_t, _ name: String, chunks: UInt64) throws {
        let perChunk: UInt64 = 1 << 17  // int64 elements: 1 MiB
        try sparse(group, "seed", count: perChunk, chunk: perChunk)
        let seed = H5Dopen2(group, "seed", attest_H5P_DEFAULT())
        try ok(seed, "H5Dopen2 seed")
        let zeros = [Int64](repeating: 0, count: Int(perChunk))
        try ok(H5Dwrite(seed, attest_H5T_NATIVE_INT64(), attest_H5S_ALL(), attest_H5S_ALL(), attest_H5P_DEFAULT(), zeros), "H5Dwrite seed")
        var origin = [hsize_t(0)]
        var stored: hsize_t = 0
        try ok(H5Dget_chunk_storage_size(seed, &origin, &stored), "H5Dget_chunk_storage_size")
        var compressed = [UInt8](repeating: 0, count: Int(stored))
        var filters: UInt32 = 0
        try ok(H5Dread_chunk(seed, attest_H5P_DEFAULT(), &origin, &filters, &compressed), "H5Dread_chunk")
        H5Dclose(seed)
        try ok(H5Ldelete(group, "seed", attest_H5P_DEFAULT()), "H5Ldelete seed")
        try sparse(group, name, count: perChunk * chunks, chunk: perChunk)
        let bomb = H5Dopen2(group, name, attest_H5P_DEFAULT())
        try ok(bomb, "H5Dopen2 \(name)")
        defer { H5Dclose(bomb) }
        for index in 0 ..< chunks {
            var offset = [hsize_t(index * perChunk)]
            try ok(H5Dwrite_chunk(bomb, attest_H5P_DEFAULT(), filters, &offset, compressed.count, compressed), "H5Dwrite_chunk")
        }
    }
}
