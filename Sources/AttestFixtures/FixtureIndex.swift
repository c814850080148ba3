/// What a full check of one fixture file found (`FixtureFile.checkedIndex`):
/// its cases (id and group) and its root `manifest_sha256`. It is what a
/// reader needs to index the file without opening it again, and what a
/// checking worker process answers (`FixtureFileChecker`, one JSON line).
public struct FixtureIndex: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var group: String

        public init(id: String, group: String) {
            self.id = id
            self.group = group
        }
    }

    /// In group order.
    public var cases: [Entry]
    public var manifestSHA256: String

    public init(cases: [Entry], manifestSHA256: String) {
        self.cases = cases
        self.manifestSHA256 = manifestSHA256
    }

    enum CodingKeys: String, CodingKey {
        case cases
        case manifestSHA256 = "manifest_sha256"
    }
}

extension FixtureFile {
    /// Opens `path`, verifies the whole file (`verify()`: schema, every
    /// dataset's hash, the manifest, every case loads) and indexes it.
    public static func checkedIndex(path: String) throws(FixtureError) -> FixtureIndex {
        let file = try FixtureFile(path: path)
        _ = try file.verify()
        return FixtureIndex(cases: try file.cases().map { FixtureIndex.Entry(id: $0.id, group: $0.group) },
                            manifestSHA256: try file.manifestSHA256())
    }
}

/// Reads fixture files where a crash inside libhdf5 cannot reach the caller:
/// `attest` checks every file that is not hash-verified (`ShippedFixtures`)
/// in a supervised worker process (`SupervisedFixtureChecker`).
public protocol FixtureFileChecker: Sendable {
    /// `FixtureFile.checkedIndex` of each path, keyed by path. A check that
    /// crashed or hung is a failure with `FixtureError.Problem.corrupt`.
    func check(_ paths: [String]) -> [String: Result<FixtureIndex, FixtureError>]
}
