import CHDF5

/// A group or dataset of an open HDF5 file: owns its identifier (closed in
/// `deinit`) and knows its file and path, which every error names.
/// The file stays open while any of its objects is alive.
public class HDF5Object {
    let handle: HDF5Handle
    let site: HDF5Site

    init(handle: HDF5Handle, site: HDF5Site) {
        self.handle = handle
        self.site = site
    }

    /// The path of the file this object belongs to, as it was opened.
    public var filePath: String { site.file }
    /// The object's absolute path inside the file, e.g. `/c0003/q`.
    public var path: String { site.object }
}

/// An open attribute (internal: attributes are read and written whole through
/// `HDF5Object+Attributes`).
final class HDF5Attribute {
    let handle: HDF5Handle
    let site: HDF5Site

    init(handle: HDF5Handle, site: HDF5Site) {
        self.handle = handle
        self.site = site
    }

    func datatype() throws(HDF5Error) -> HDF5Handle {
        try site.open("H5Aget_type", .datatype) { H5Aget_type(handle.id) }
    }

    func dataspace() throws(HDF5Error) -> HDF5Handle {
        try site.open("H5Aget_space", .dataspace) { H5Aget_space(handle.id) }
    }

    /// The number of elements (1 for a scalar attribute).
    func elementCount() throws(HDF5Error) -> Int {
        let space = try dataspace()
        return Int(try site.check("H5Sget_simple_extent_npoints") { H5Sget_simple_extent_npoints(space.id) })
    }
}
