/// How to start one supervised child process: an executable, its arguments
/// and environment variables set on top of the inherited environment (a nil
/// value removes one). The child runs in a process group of its own, so a
/// timeout kills it and everything it started.
///
/// `attest certify` starts `attest worker ...` (`WorkerCommand`); the
/// external-kernel protocol starts the user's command the same way.
public struct ChildCommand: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String?]

    public init(executable: String, arguments: [String], environment: [String: String?] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }
}
