import CHDF5
import Foundation

/// An open HDF5 file. Objects opened from it keep the file open until they are
/// released too (HDF5's weak close degree); the identifier is closed in `deinit`.
///
/// Files Swift creates use library version bounds earliest..v110 (so libhdf5
/// 1.10 and h5py read them) and no object timestamps, so the same content
/// written twice gives the same bytes.
public final class HDF5File {
    let handle: HDF5Handle
    let site: HDF5Site

    /// The path as given to `open` or `create`.
    public var path: String { site.file }

    private init(handle: HDF5Handle, site: HDF5Site) {
        self.handle = handle
        self.site = site
    }

    public enum Mode: Sendable { case readOnly, readWrite }

    /// Opens an existing file. Only a regular file is opened (`FileSystemEntry`):
    /// a missing path, a directory, a FIFO, a device or a symbolic link loop throws
    /// before libhdf5 sees the path. A missing, unreadable or non-HDF5 file throws
    /// an `HDF5Error` naming `H5Fopen`, the path and the reason.
    public static func open(_ path: String, mode: Mode = .readOnly) throws(HDF5Error) -> HDF5File {
        let site = HDF5Site(file: path, object: "/")
        if let problem = FileSystemEntry(path: path).problem { throw site.failure("H5Fopen", problem) }
        let flags = mode == .readOnly ? attest_H5F_ACC_RDONLY() : attest_H5F_ACC_RDWR()
        let handle = try site.open("H5Fopen", .file) { H5Fopen(path, flags, attest_H5P_DEFAULT()) }
        return HDF5File(handle: handle, site: site)
    }

    /// Creates (or truncates) a file for writing.
    public static func create(_ path: String) throws(HDF5Error) -> HDF5File {
        let site = HDF5Site(file: path, object: "/")
        let fapl = try site.propertyList(attest_H5P_FILE_ACCESS())
        try site.check("H5Pset_libver_bounds") { H5Pset_libver_bounds(fapl.id, H5F_LIBVER_EARLIEST, H5F_LIBVER_V110) }
        let fcpl = try site.propertyList(attest_H5P_FILE_CREATE())
        try site.check("H5Pset_obj_track_times") { H5Pset_obj_track_times(fcpl.id, false) }
        let handle = try site.open("H5Fcreate", .file) { H5Fcreate(path, attest_H5F_ACC_TRUNC(), fcpl.id, fapl.id) }
        return HDF5File(handle: handle, site: site)
    }

    /// The root group `/`.
    public func root() throws(HDF5Error) -> HDF5Group {
        let h = try site.open("H5Gopen2", .group) { H5Gopen2(handle.id, "/", attest_H5P_DEFAULT()) }
        return HDF5Group(handle: h, site: site)
    }

    /// Writes buffered data to disk.
    public func flush() throws(HDF5Error) {
        try site.check("H5Fflush") { H5Fflush(handle.id, H5F_SCOPE_GLOBAL) }
    }
}
