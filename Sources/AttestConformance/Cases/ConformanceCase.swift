import AttestCore

/// One case of the suite: its id, its feature tags and how to build its
/// problem. Building can throw (a fixture that fails to load, an id that does
/// not parse): the runner records that as HARNESS_ERROR.
public struct ConformanceCase: Sendable {
    public let id: String
    public let tags: [String]
    /// The typed case, when the case has one (nil for a broken id or a hand-made case).
    public let spec: CaseSpec?
    public let make: @Sendable () throws -> CaseProblem
    /// The same build in two steps, when the call can be drawn without its
    /// golden (generated cases): the executor asks the kernel's support on the
    /// call first, so a NOT_SUPPORTED case costs no golden.
    public let staged: Staged?

    /// The call a case's kernel receives, then the problem (golden included) from that call.
    public struct Staged: Sendable {
        public var arguments: @Sendable () throws -> AttentionArguments
        public var problem: @Sendable (AttentionArguments) throws -> CaseProblem

        public init(arguments: @escaping @Sendable () throws -> AttentionArguments,
                    problem: @escaping @Sendable (AttentionArguments) throws -> CaseProblem) {
            self.arguments = arguments
            self.problem = problem
        }
    }

    public init(id: String, tags: [String], make: @escaping @Sendable () throws -> CaseProblem) {
        self.init(id: id, tags: tags, spec: nil, make: make, staged: nil)
    }

    /// The case of `spec`: its canonical id and its tags (`CaseTags`).
    public init(_ spec: CaseSpec, make: @escaping @Sendable () throws -> CaseProblem) {
        self.init(id: spec.id, tags: spec.tags, spec: spec, make: make, staged: nil)
    }

    /// The case of `spec` built in two steps; `make` runs both.
    public init(_ spec: CaseSpec, staged: Staged) {
        self.init(id: spec.id, tags: spec.tags, spec: spec, make: { try staged.problem(staged.arguments()) }, staged: staged)
    }

    init(id: String, tags: [String], spec: CaseSpec?, make: @escaping @Sendable () throws -> CaseProblem, staged: Staged?) {
        self.id = id
        self.tags = tags
        self.spec = spec
        self.make = make
        self.staged = staged
    }

    /// A case that can only report a harness error (an unknown or malformed id).
    public static func broken(id: String, _ error: any Error) -> ConformanceCase {
        ConformanceCase(id: id, tags: ["harness"]) { throw error }
    }
}
