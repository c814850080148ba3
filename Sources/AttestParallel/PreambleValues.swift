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
        (try positiveInt(values, "world", at: SimulatedProcessGroup.maxWorld, preamble: preamble),
         try positiveDouble(values, "timeout", at: SimulatedProcessGroup.maxTimeout, preamble: preamble))
    }

    /// The parameters a sharded preamble reports: `world`, and `timeout` when not the default.
    static func parameters(world: Int, timeout: Double) -> [String: String] {
        var p = ["world": "\(world)"]
        if timeout != SimulatedProcessGroup.defaultTimeout { p["timeout"] = "\(timeout)" }
        return p
    }

    /// `values[key]` as an integer in 1 ... `limit`; throws naming the key and the text.
    static func positiveInt(_ values: [String: String], _ key: String, at limit: Int = .max, preamble: String) throws -> Int {
        guard let text = values[key], let n = Int(text), (1 ... limit).contains(n) else {
            throw AttestError.invalidPreambleConfiguration(
                preamble: preamble, reason: "\(key) must be an integer in 1 ... \(limit), got '\(values[key] ?? "")'")
        }
        return n
    }

    /// `values[key]` as a number of seconds in (0, `limit`]; NaN, infinities
    /// and zero are refused. Throws naming the key and the text.
    static func positiveDouble(_ values: [String: String], _ key: String, at limit: Double, preamble: String) throws -> Double {
        guard let text = values[key], let x = Double(text), x.isFinite, x > 0, x <= limit else {
            throw AttestError.invalidPreambleConfiguration(
                preamble: preamble, reason: "\(key) must be a number of seconds in (0, \(limit)], got '\(values[key] ?? "")'")
        }
        return x
    }
}
