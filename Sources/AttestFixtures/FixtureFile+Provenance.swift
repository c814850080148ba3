extension FixtureFile {
    /// The root `manifest_sha256` attribute as stored (not recomputed; `verify()` checks it).
    public func manifestSHA256() throws(FixtureError) -> String {
        try AttributeReader(object: root, file: path, caseName: nil).string("manifest_sha256")
    }

    /// The linked libhdf5 version, e.g. "1.10.8", for certificates.
    public static var hdf5LibraryVersion: String { HDF5Library.version }
}
