/// Errors of the conformance runner itself (bad ids, profiles, fixtures,
/// files): anything here is a harness problem, never the kernel's fault.
public enum ConformanceError: Error, Equatable, CustomStringConvertible {
    case badCaseID(String, String)
    case unknownCase(String, String)
    case profileNotFound(String, searched: [String])
    case badProfile(String, String)
    case fixtures(String)
    case io(String)
    case verification([String])
    case usage(String)

    public var description: String {
        switch self {
        case let .badCaseID(id, why): "malformed case id '\(id)': \(why)"
        case let .unknownCase(id, why): "unknown case '\(id)': \(why)"
        case let .profileNotFound(name, searched): "profile '\(name)' not found (searched \(searched.joined(separator: ", ")))"
        case let .badProfile(name, why): "invalid profile '\(name)': \(why)"
        case let .fixtures(why): "golden fixtures: \(why)"
        case let .io(why): "i/o: \(why)"
        case let .verification(problems): "verification failed:\n  " + problems.joined(separator: "\n  ")
        case let .usage(why): why
        }
    }
}
