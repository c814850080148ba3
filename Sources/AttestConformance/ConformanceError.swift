import AttestFixtures

/// Errors of the conformance runner itself (bad ids, profiles, fixtures,
/// files): anything here is a harness problem, never the kernel's fault.
/// A case keeps its cause as a value (`fixture` holds the `FixtureError`,
/// which holds the `HDF5Error`); `description` is the text the command-line
/// tool prints and a HARNESS_ERROR result records.
public enum ConformanceError: Error, Equatable, CustomStringConvertible {
    case badCaseID(String, String)
    case unknownCase(String, String)
    case profileNotFound(String, searched: [String])
    case badProfile(String, String)
    /// `ProfileBuilder` has no builder of that name.
    case noProfileBuilder(String, known: [String])
    /// A fixture file or case cannot be read or breaks the schema.
    case fixture(FixtureError)
    /// Two fixture files (or groups) hold the same case id.
    case duplicateFixtureCase(id: String, file: String)
    /// The group indexed for `expected` holds another case.
    case fixtureCaseMoved(file: String, group: String, holds: String, expected: String)
    /// A golden case was selected but the run has no fixture source.
    case noGoldenFixtures
    /// `i/n` with 1 <= i <= n was expected.
    case badShard(String)
    case verification([String])

    public var description: String {
        switch self {
        case let .badCaseID(id, why): "malformed case id '\(id)': \(why)"
        case let .unknownCase(id, why): "unknown case '\(id)': \(why)"
        case let .profileNotFound(name, searched): "profile '\(name)' not found (searched \(searched.joined(separator: ", ")))"
        case let .badProfile(name, why): "invalid profile '\(name)': \(why)"
        case let .noProfileBuilder(name, known): "no profile builder for '\(name)'; known: \(known.joined(separator: ", "))"
        case let .fixture(error): "golden fixtures: \(error)"
        case let .duplicateFixtureCase(id, file): "golden fixtures: case id \(id) appears twice (\(file))"
        case let .fixtureCaseMoved(file, group, holds, expected): "golden fixtures: \(file) group \(group) holds \(holds), not \(expected)"
        case .noGoldenFixtures: "golden fixtures: no golden fixtures are available to this run"
        case let .badShard(text): "'\(text)' is not a shard i/n with 1 <= i <= n"
        case let .verification(problems): "verification failed:\n  " + problems.joined(separator: "\n  ")
        }
    }
}
