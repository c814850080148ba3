/// Why a report folder cannot be read or written. Each case names the file
/// (and the line or field) and what is wrong.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// The file is missing or unreadable.
    case unreadable(path: String)
    /// `results.jsonl` line `line` is not a case result.
    case badResultLine(path: String, line: Int, reason: String)
    /// The file is not a certificate (JSON or schema problem).
    case badCertificate(path: String, reason: String)
    /// A certificate field that decodes but does not parse (inside `badCertificate`).
    case field(String, String)
    /// Writing failed.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path): "i/o: cannot read \(path)"
        case let .badResultLine(path, line, reason): "i/o: \(path) line \(line) is not a case result: \(reason)"
        case let .badCertificate(path, reason): "i/o: \(path) is not a certificate: \(reason)"
        case let .field(name, reason): "field \(name): \(reason)"
        case let .unwritable(path, reason): "i/o: cannot write \(path): \(reason)"
        }
    }
}
