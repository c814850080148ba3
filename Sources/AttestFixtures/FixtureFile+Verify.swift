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

    /// Checks the whole file: the root holds only case groups and each case
    /// group only datasets of its schema (`FixtureCase.datasetSpecs`, whose
    /// shapes come from the case's attributes); every dataset's shape and type
    /// are checked before it is read and its bytes against its `sha256`
    /// attribute; the root `manifest_sha256` against the sorted
    /// `"<path> <sha256>\n"` lines of all datasets; and every case loads
    /// (`load`). Throws the first problem.
    ///
    /// The layout is exactly two levels deep, so link cycles and deeply nested
    /// groups are rejected without being followed.
    public func verify() throws(FixtureError) -> Verification {
        for name in try hdf5(nil, { () throws(HDF5Error) in try root.memberNames() })
        where try hdf5(nil, { () throws(HDF5Error) in try root.kind(of: name) }) != .group {
            throw FixtureError(file: path, problem: .unexpectedMember(path: "/" + name, reason: "the root holds only case groups"))
        }
        let cases = try cases()
        var hashes: [String: String] = [:]
        for fixture in cases { try hashDatasets(of: fixture, into: &hashes) }
        let stored = try AttributeReader(object: root, file: path, caseName: nil).string("manifest_sha256")
        let computed = SHA256Hex.manifest(hashes)
        guard stored.lowercased() == computed else {
            throw FixtureError(file: path, problem: .manifestMismatch(stored: stored, computed: computed))
        }
        for fixture in cases { _ = try load(fixture) }
        return Verification(cases: cases.count, datasets: hashes.count)
    }

    /// Reads every member of the case's group as a dataset of its schema and
    /// checks its hash; anything else in the group is an error.
    private func hashDatasets(of fixture: FixtureCase, into hashes: inout [String: String]) throws(FixtureError) {
        let group = try hdf5(fixture.group) { () throws(HDF5Error) in try root.group(fixture.group) }
        let reader = try DatasetReader(group: group, file: path, fixture: fixture)
        for name in try hdf5(fixture.group, { () throws(HDF5Error) in try group.memberNames() }) {
            guard try hdf5(fixture.group, { () throws(HDF5Error) in try group.kind(of: name) }) == .dataset else {
                throw FixtureError(file: path, caseName: fixture.group,
                                   problem: .unexpectedMember(path: "\(group.path)/\(name)", reason: "a case group holds only datasets"))
            }
            let (_, bytes) = try reader.bytes(name)
            hashes["\(group.path)/\(name)"] = SHA256Hex.of(bytes)
        }
    }
}
