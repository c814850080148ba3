import AttestCore

/// Parsing of preamble parameter values, with errors naming the parameter.
enum PreambleValues {
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
