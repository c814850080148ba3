/// Errors about data, names and configurations: things a user can fix.
/// (Programmer errors are preconditions with a message instead.)
public enum AttestError: Error, Equatable, CustomStringConvertible {
    /// The call's tensors or parameters break the contract; the text says which rule.
    case invalidArguments(String)
    /// No kernel of that name; `known` lists the registered ones.
    case unknownKernel(String, known: [String])
    /// A kernel of that name is registered already and the call did not say it replaces.
    case duplicateKernel(String)
    /// No preamble of that name.
    case unknownPreamble(String, known: [String])
    /// A preamble of that name is registered already and the call did not say it replaces.
    case duplicatePreamble(String)
    /// A preamble specification (`name:key=value,...`) or its parameters are invalid.
    case invalidPreambleConfiguration(preamble: String, reason: String)
    /// The kernel does not support this call (a capability it declares missing).
    case notSupported(kernel: String, reason: String)
    /// A kernel failed at run time.
    case kernelFailed(kernel: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidArguments(what): "invalid attention arguments: \(what)"
        case let .unknownKernel(name, known):
            "unknown kernel '\(name)'; registered kernels: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))"
        case let .duplicateKernel(name): "a kernel named '\(name)' is already registered (register with replacing: true to replace it)"
        case let .unknownPreamble(name, known):
            "unknown preamble '\(name)'; registered preambles: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))"
        case let .duplicatePreamble(name): "a preamble named '\(name)' is already registered (register with replacing: true to replace it)"
        case let .invalidPreambleConfiguration(preamble, reason): "invalid configuration for preamble '\(preamble)': \(reason)"
        case let .notSupported(kernel, reason): "kernel '\(kernel)' does not support this call: \(reason)"
        case let .kernelFailed(kernel, reason): "kernel '\(kernel)' failed: \(reason)"
        }
    }
}
