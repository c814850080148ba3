/// A preamble named with its parameters, as written on the command line:
/// `ulysses:world=4` or `ring:world=2,layout=zigzag`.
public struct PreambleSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var parameters: [String: String]

    public init(name: String, parameters: [String: String] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    /// Parses `name[:key=value[,key=value]...]`; throws naming the bad part.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard !name.isEmpty else {
            throw AttestError.invalidPreambleConfiguration(preamble: text, reason: "missing preamble name before ':'")
        }
        var parameters: [String: String] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                    throw AttestError.invalidPreambleConfiguration(preamble: name, reason: "'\(item)' is not key=value")
                }
                guard parameters[String(kv[0])] == nil else {
                    throw AttestError.invalidPreambleConfiguration(preamble: name, reason: "parameter '\(kv[0])' given twice")
                }
                parameters[String(kv[0])] = String(kv[1])
            }
        }
        self.init(name: name, parameters: parameters)
    }

    public var description: String {
        parameters.isEmpty ? name
            : name + ":" + parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: ",")
    }
}

/// A core kernel and the preambles around it, outermost first: the unit that
/// gets certified.
public struct AttentionConfiguration: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kernel: String
    public var preambles: [PreambleSpec]

    public init(kernel: String, preambles: [PreambleSpec] = []) {
        self.kernel = kernel
        self.preambles = preambles
    }

    /// Builds the stack: the core from `kernels`, wrapped by each preamble from
    /// the innermost (last) to the outermost (first).
    public func resolve(kernels: KernelRegistry, preambles registry: PreambleRegistry) throws -> any AttentionKernel {
        var stack = try kernels.kernel(named: kernel)
        for spec in preambles.reversed() {
            stack = StackedKernel(preamble: try registry.make(spec), core: stack)
        }
        return stack
    }

    /// `ulysses:world=4 > ring:world=2 > reference`.
    public var description: String { (preambles.map(\.description) + [kernel]).joined(separator: " > ") }

    /// A file-system-safe name for report folders: `reference+ulysses-world=4`.
    public var slug: String {
        ([kernel] + preambles.map(\.description)).joined(separator: "+")
            .map { $0.isLetter || $0.isNumber || "=-_.+".contains($0) ? $0 : "-" }
            .reduce(into: "") { $0.append($1) }
    }
}
