import AttestCore

/// Turns case specs into cases: generated cases (`fwd:gen:…`) are drawn from
/// their id, property checks (`prop:…`) built from it, golden cases
/// (`fwd:golden:…`, `mha:golden:…`) loaded from the golden source. An id that
/// cannot be resolved still yields a case, one that reports HARNESS_ERROR,
/// so a run always accounts for every id.
public struct CaseResolver: Sendable {
    public var golden: (any GoldenCaseSource)?
    /// When set, problems (golden and baseline included) are built once per id
    /// and shared by every kernel that runs the case.
    public var cache: CaseCache?
    /// When set, goldens and baselines are read from (or computed into) this
    /// on-disk store, shared by the worker processes of every configuration of a run.
    public var store: GoldenStore?

    public init(golden: (any GoldenCaseSource)? = nil, cache: CaseCache? = nil, store: GoldenStore? = nil) {
        self.golden = golden
        self.cache = cache
        self.store = store
    }

    /// The case of an id text (parsed once here; a malformed or non-canonical id is a broken case).
    public func resolve(_ text: String) -> ConformanceCase {
        do { return resolve(try CaseSpec(parsing: text)) } catch { return .broken(id: text, error) }
    }

    public func resolve(_ spec: CaseSpec) -> ConformanceCase {
        let plain = resolveUncached(spec)
        guard let spec = plain.spec else { return plain }
        if let cache { return ConformanceCase(spec) { try cache.problem(plain) } }
        if let store {
            let build = { @Sendable (make: () throws -> CaseProblem) throws -> CaseProblem in
                let scope = store.scope(caseID: spec.id)
                var problem = try GoldenStore.building(in: scope, make)
                problem.baselineSource = scope
                return problem
            }
            guard let staged = plain.staged else { return ConformanceCase(spec) { try build(plain.make) } }
            return ConformanceCase(spec, staged: .init(arguments: staged.arguments,
                                                       problem: { args in try build { try staged.problem(args) } }))
        }
        return plain
    }

    private func resolveUncached(_ spec: CaseSpec) -> ConformanceCase {
        switch spec.origin {
        case .generated:
            return ConformanceCase(spec, staged: .init(arguments: { [id = spec.id] in try spec.problem.arguments(idText: id) },
                                                       problem: { try CaseProblem(referenceFor: $0) }))
        case .property:
            return PropertyCases.make(spec)
        case .golden:
            guard let golden else {
                return .broken(id: spec.id, ConformanceError.noGoldenFixtures)
            }
            return ConformanceCase(spec) { [id = spec.id] in
                let g = try golden.load(id)
                return CaseProblem(args: g.args, golden: g.o, goldenLSE: g.lse)
            }
        case .fuzz:
            return .broken(id: spec.id, ConformanceError.unknownCase(
                spec.id, "a fuzz case is not rebuilt from its id; replay it with `attest fuzz --problem-seed`"))
        }
    }
}
