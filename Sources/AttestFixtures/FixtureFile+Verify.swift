extension FixtureFile {
    /// What `verify()` checked.
    public struct Verification: Sendable, Equatable {
        public var cases: Int
        public var datasets: Int
        public init(cases: Int, datasets: Int) {
            self.cases = cases
            self.datasets = datasets
        }
    }

    /// Checks the whole file: every dataset's bytes against its `sha256`
    /// attribute, the root `manifest_sha256` against the sorted
    /// `"<path> <sha256>\n"` lines of all datasets, and that every case's
    /// attributes parse and its tensors load (`load`). Throws the first problem.
    public func verify() throws(FixtureError) -> Verification {
        var hashes: [String: String] = [:]
        try collectHashes(root, caseName: nil, into: &hashes)
        let stored = try AttributeReader(object: root, file: path, caseName: nil).string("manifest_sha256")
        let computed = SHA256Hex.manifest(hashes)
        guard stored.lowercased() == computed else {
            throw FixtureError(file: path, problem: .manifestMismatch(stored: stored, computed: computed))
        }
        let cases = try cases()
        for fixture in cases { _ = try load(fixture) }
        return Verification(cases: cases.count, datasets: hashes.count)
    }

    /// Hashes every dataset under `group` (recursively), checking each against its attribute.
    private func collectHashes(_ group: HDF5Group, caseName: String?, into hashes: inout [String: String]) throws(FixtureError) {
        for name in try hdf5(caseName, { () throws(HDF5Error) in try group.memberNames() }) {
            let child = caseName ?? name
            switch try hdf5(child, { () throws(HDF5Error) in try group.kind(of: name) }) {
            case .group:
                try collectHashes(try hdf5(child) { () throws(HDF5Error) in try group.group(name) }, caseName: child, into: &hashes)
            case .dataset:
                let dataset = try hdf5(child) { () throws(HDF5Error) in try group.dataset(name) }
                let bytes = try hdf5(child) { () throws(HDF5Error) in try dataset.readRawBytes() }
                let reader = DatasetReader(group: group, file: path, caseName: child)
                try reader.checkHash(dataset, bytes)
                hashes[dataset.path] = SHA256Hex.of(bytes)
            case .other:
                continue
            }
        }
    }
}
