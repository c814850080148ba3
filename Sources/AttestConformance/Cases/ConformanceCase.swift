/// One case of the suite: its id, its feature tags and how to build its
/// problem. Building can throw (a fixture that fails to load, an id that does
/// not parse): the runner records that as HARNESS_ERROR.
public struct ConformanceCase: Sendable {
    public let id: String
    public let tags: [String]
    public let make: @Sendable () throws -> CaseProblem

    public init(id: String, tags: [String], make: @escaping @Sendable () throws -> CaseProblem) {
        self.id = id
        self.tags = tags
        self.make = make
    }

    /// A case that can only report a harness error (an unknown or malformed id).
    public static func broken(id: String, _ error: any Error) -> ConformanceCase {
        ConformanceCase(id: id, tags: ["harness"]) { throw error }
    }
}
