/// Why a fixture file or one of its cases cannot be used. Every error names
/// the file, the case group when there is one (`c0003`), and the problem.
public struct FixtureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        case noSuchFile
        /// The path is a directory, a FIFO, a device, a symbolic link loop, ...: `FileSystemEntry.problem`.
        case notARegularFile(String)
        /// HDF5 could not open or read it (truncated, not HDF5, ...); the HDF5 error says why.
        case unreadable(HDF5Error)
        /// An HDF5 file, but not an Attest fixture file (no `schema = "attest-fixtures"`).
        case notAFixtureFile(String)
        case unsupportedSchemaVersion(found: Int64, supported: Int64)
        case missingAttribute(String)
        case invalidAttribute(name: String, reason: String)
        case missingDataset(String)
        /// A group or dataset where schema v1 has none (the reason says what belongs there).
        case unexpectedMember(path: String, reason: String)
        case wrongShape(dataset: String, expected: String, found: [Int])
        case wrongElementType(dataset: String, expected: String, found: String)
        /// The dataset's bytes do not hash to its `sha256` attribute.
        case hashMismatch(path: String, stored: String, computed: String)
        /// The root `manifest_sha256` does not match the datasets' hashes.
        case manifestMismatch(stored: String, computed: String)
        /// The case's tensors load but break the attention contract.
        case invalidCase(String)
        /// Reading the file crashed or hung the worker process that checked it
        /// (`FixtureFileChecker`): corrupt in a way libhdf5 itself cannot survive.
        case corrupt(String)
        /// A problem found by the worker process that checked the file, in its words.
        case reportedByChecker(String)

        public var description: String {
            switch self {
            case .noSuchFile: "no such file"
            case let .notARegularFile(why): why
            case let .unreadable(e):
                "cannot read HDF5: \(e.function) failed for '\(e.object)': \(e.stackLine)"
            case let .notAFixtureFile(why): "not an Attest fixture file: \(why)"
            case let .unsupportedSchemaVersion(found, supported):
                "schema version \(found) is newer than the newest this reader supports (\(supported))"
            case let .missingAttribute(name): "missing attribute '\(name)'"
            case let .invalidAttribute(name, reason): "attribute '\(name)': \(reason)"
            case let .missingDataset(name): "missing dataset '\(name)'"
            case let .unexpectedMember(path, reason): "unexpected member \(path): \(reason)"
            case let .wrongShape(name, expected, found): "dataset '\(name)' has shape \(found), expected \(expected)"
            case let .wrongElementType(name, expected, found):
                "dataset '\(name)' holds \(found), expected \(expected)"
            case let .hashMismatch(path, stored, computed):
                "hash mismatch for dataset \(path): sha256 attribute \(stored), data hashes to \(computed)"
            case let .manifestMismatch(stored, computed):
                "manifest hash mismatch: manifest_sha256 \(stored), datasets give \(computed)"
            case let .invalidCase(why): "invalid case: \(why)"
            case let .corrupt(why): "corrupt file: \(why)"
            case let .reportedByChecker(text): text
            }
        }
    }

    /// The fixture file's path.
    public var file: String
    /// The case group (`c0003`), when the problem is inside one.
    public var caseName: String?
    public var problem: Problem

    public init(file: String, caseName: String? = nil, problem: Problem) {
        self.file = file
        self.caseName = caseName
        self.problem = problem
    }

    public var description: String {
        "\(file): \(caseName.map { "case \($0): " } ?? "")\(problem)"
    }
}
