/// Reads the attributes of one fixture object, turning every failure into a
/// `FixtureError` naming the file, the case and the attribute.
struct AttributeReader {
    let object: HDF5Object
    let file: String
    let caseName: String?

    func invalid(_ name: String, _ reason: String) -> FixtureError {
        FixtureError(file: file, caseName: caseName, problem: .invalidAttribute(name: name, reason: reason))
    }

    private func read<T>(_ name: String, _ body: (String) throws(HDF5Error) -> T) throws(FixtureError) -> T {
        do {
            guard try object.hasAttribute(name) else {
                throw FixtureError(file: file, caseName: caseName, problem: .missingAttribute(name))
            }
            return try body(name)
        } catch let e as FixtureError {
            throw e
        } catch let e as HDF5Error {
            throw invalid(name, e.stackLine)
        } catch {
            throw invalid(name, "\(error)")
        }
    }

    func string(_ name: String) throws(FixtureError) -> String {
        try read(name) { (n) throws(HDF5Error) in try object.readStringAttribute(n) }
    }

    func int(_ name: String) throws(FixtureError) -> Int64 {
        try read(name) { (n) throws(HDF5Error) in try object.readIntAttribute(n) }
    }

    func double(_ name: String) throws(FixtureError) -> Double {
        try read(name) { (n) throws(HDF5Error) in try object.readDoubleAttribute(n) }
    }

    /// A dimension: an integer >= 1.
    func size(_ name: String) throws(FixtureError) -> Int {
        let value = try int(name)
        guard value >= 1, value <= Int64(Int32.max) else { throw invalid(name, "must be a size >= 1, got \(value)") }
        return Int(value)
    }
}
