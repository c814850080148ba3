import Subprocess
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

extension ChildCommand {
    /// The caller's environment updated with `environment`, as swift-subprocess takes it.
    var subprocessEnvironment: Environment {
        var update = [Environment.Key: String?]()
        for (k, v) in environment { if let key = Environment.Key(rawValue: k) { update[key] = v } }
        return .inherit.updating(update)
    }

    /// Options that start the child in a process group of its own (so the whole group can be killed).
    static var ownProcessGroup: PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        return options
    }
}
