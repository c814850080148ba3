import AttestCore

/// The parameters the sharded preambles share, and the parsing of preamble
/// parameter values, with errors naming the parameter.
enum PreambleValues {
    /// `world`: required, the number of simulated ranks.
    static let world = PreambleParameter("world", "number of simulated ranks P (>= 1)")
    /// `timeout`: seconds a rank waits in a collective, `SimulatedProcessGroup.defaultTimeout` unless given.
    static let timeout = PreambleParameter("timeout", "seconds a rank waits in a collective",
                                           default: "\(SimulatedProcessGroup.defaultTimeout)")

    /// The `world` and `timeout` values of a sharded preamble's parameters.
    static func worldAndTimeout(_ values: [String: String], preamble: String) throws -> (world: Int, timeout: Double) {
        (try positiveInt(values, "world", preamble: preamble), try positiveDouble(values, "timeout", preamble: preamble))
    }

    /// The parameters a sharded preamble reports: `world`, and `timeout` when not the default.
    static func parameters(world: Int, timeout: Double) -> [String: String] {
        var p = ["world": "\(world)"]
        if timeout != SimulatedProcessGroup.defaultTimeout { p["timeout"] = "\(timeout)" }
        return p
    }

    static func positiveInt(_ values: [String: String], _ key: String, preamble: String) throws -> Int {
        guard let text = values[key], let n = Int(text), n >= 1 else {
            throw AttestError.invalidPreambleConfiguration(preamble: preamble, reason: "\(key) must be an integer >= 1, got '\(values[key] ?? "")'")
        }
        return n
    }

    static func positiveDouble(_ values: [String: String], _ key: String, preamble: String) throws -> Double {
        guard let text = values[key], let x = Double(text), x.isFinite, x > 0 else {
            throw AttestError.invalidPreambleConfiguration(preamble: preamble, reason: "\(key) must be a positive number of seconds, got '\(values[key] ?? "")'")
        }
        return x
    }
}
