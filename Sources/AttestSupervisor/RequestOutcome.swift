/// What became of one request (one line) sent to a supervised child.
public enum RequestOutcome: Sendable, Equatable {
    /// The child wrote this line (without its newline) on its stdout.
    case answered(String)
    /// The child ended before answering: killed by a signal (a trap is
    /// SIGILL or SIGTRAP), or exited.
    case died(ChildEnd, stderrTail: [String])
    /// The child did not answer within the time bound (`seconds`); its whole
    /// process group was killed (SIGKILL).
    case timedOut(seconds: Double, stderrTail: [String])
    /// The child could not be started at all (the text says why).
    case unstartable(String)
}

/// How a child process ended.
public enum ChildEnd: Sendable, Equatable, CustomStringConvertible {
    case signal(Int32)
    case exit(Int32)

    /// `signal SIGILL (4)` or `exit status 3`.
    public var description: String {
        switch self {
        case let .signal(n): "signal \(SignalNames.name(n)) (\(n))"
        case let .exit(code): "exit status \(code)"
        }
    }
}

/// Signal numbers to their names (Linux numbering).
public enum SignalNames {
    static let names: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
        9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
        24: "SIGXCPU", 25: "SIGXFSZ", 31: "SIGSYS",
    ]

    /// `SIGSEGV` for 11; `signal 40` for a number without a name here.
    public static func name(_ signal: Int32) -> String { names[signal] ?? "signal \(signal)" }
}
