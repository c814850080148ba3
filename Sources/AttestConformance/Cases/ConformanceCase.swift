/// One case of the suite: its id, its feature tags and how to build its
/// problem. Building can throw (a fixture that fails to load, an id that does
/// not parse): the runner records that as HARNESS_ERROR.
public struct ConformanceCase: Sendable {
    public let id: String
    public let tags: [String]
    /// The typed case, when the case has one (nil for a broken id or a hand-made case).
    public let spec: CaseSpec?
    public let make: @Sendable () throws -> CaseProblem

    public init(id: String, tags: [String], make: @escaping @Sendable () throws -> CaseProblem) {
        self.init(id: id, tags: tags, spec: nil, make: make)
    }

    /// The case of `spec`: its canonical id and its tags (`CaseTags`).
    public init(_ spec: CaseSpec, make: @escaping @Sendable () throws -> CaseProblem) {
        self.init(id: spec.id, tags: spec.tags, spec: spec, make: make)
    }

    init(id: String, tags: [String], spec: CaseSpec?, make: @escaping @Sendable () throws -> CaseProblem) {
        self.id = id
        self.tags = tags
        self.spec = spec
        self.make = make
    }

    /// A case that can only report a harness error (an unknown or malformed id).
    public static func broken(id: String, _ error: any Error) -> ConformanceCase {
        ConformanceCase(id: id, tags: ["harness"]) { throw error }
    }
}
