import CHDF5

/// Owns one HDF5 identifier and closes it in `deinit` with the close function
/// of its kind. The only place raw `hid_t` values live; never public.
final class HDF5Handle {
    enum Kind { case file, group, dataset, attribute, datatype, dataspace, propertyList, object }

    let id: hid_t
    let kind: Kind

    /// Takes ownership of `id`, which must be valid (checked by the caller's `check`).
    init(_ id: hid_t, _ kind: Kind) {
        precondition(id >= 0, "HDF5Handle needs a valid identifier, got \(id)")
        self.id = id
        self.kind = kind
    }

    deinit {
        HDF5Library.silence()
        switch kind {
        case .file: _ = H5Fclose(id)
        case .group: _ = H5Gclose(id)
        case .dataset: _ = H5Dclose(id)
        case .attribute: _ = H5Aclose(id)
        case .datatype: _ = H5Tclose(id)
        case .dataspace: _ = H5Sclose(id)
        case .propertyList: _ = H5Pclose(id)
        case .object: _ = H5Oclose(id)
        }
    }
}

extension HDF5Site {
    /// Runs an HDF5 call that returns a new identifier and wraps it in an owning handle.
    func open(_ function: String, _ kind: HDF5Handle.Kind, _ body: () -> hid_t) throws(HDF5Error) -> HDF5Handle {
        HDF5Handle(try check(function, body), kind)
    }

    /// A new property list of `cls` (e.g. `attest_H5P_DATASET_CREATE()`).
    func propertyList(_ cls: hid_t) throws(HDF5Error) -> HDF5Handle {
        try open("H5Pcreate", .propertyList) { H5Pcreate(cls) }
    }

    /// A simple dataspace of `shape` (scalar when `shape` is empty).
    func dataspace(_ shape: [Int]) throws(HDF5Error) -> HDF5Handle {
        if shape.isEmpty { return try open("H5Screate", .dataspace) { H5Screate(H5S_SCALAR) } }
        let dims = shape.map { hsize_t($0) }
        return try open("H5Screate_simple", .dataspace) { H5Screate_simple(Int32(dims.count), dims, nil) }
    }

    /// The dimensions of dataspace `space`, each checked to be an `Int` (a
    /// file may declare any 64-bit size; what the sizes multiply to is checked
    /// by the reader before anything is allocated, `HDF5Dataset.byteCount`).
    func shape(ofSpace space: HDF5Handle) throws(HDF5Error) -> [Int] {
        let rank = try check("H5Sget_simple_extent_ndims") { H5Sget_simple_extent_ndims(space.id) }
        guard rank > 0 else { return [] }
        guard rank <= H5S_MAX_RANK else { throw failure("H5Sget_simple_extent_ndims", "rank \(rank) exceeds HDF5's maximum \(H5S_MAX_RANK)") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        try check("H5Sget_simple_extent_dims") { H5Sget_simple_extent_dims(space.id, &dims, nil) }
        var shape: [Int] = []
        for dim in dims {
            guard let n = Int(exactly: dim) else {
                throw failure("H5Sget_simple_extent_dims", "dimension \(dim) of \(dims) does not fit a 64-bit signed size")
            }
            shape.append(n)
        }
        return shape
    }
}
