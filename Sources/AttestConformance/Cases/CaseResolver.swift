import AttestCore

/// Turns case ids into cases: `fwd:gen:...` are generated from their id,
/// `prop:...` are property checks built from their id, `fwd:golden:...` come
/// from the golden source. An id that cannot be resolved still yields a case,
/// one that reports HARNESS_ERROR, so a run always accounts for every id.
public struct CaseResolver: Sendable {
    public var golden: (any GoldenCaseSource)?
    /// When set, problems (golden and baseline included) are built once per id
    /// and shared by every kernel that runs the case.
    public var cache: CaseCache?

    public init(golden: (any GoldenCaseSource)? = nil, cache: CaseCache? = nil) {
        self.golden = golden
        self.cache = cache
    }

    public func resolve(_ text: String) -> ConformanceCase {
        let plain = resolveUncached(text)
        guard let cache else { return plain }
        return ConformanceCase(id: plain.id, tags: plain.tags) { try cache.problem(plain) }
    }

    private func resolveUncached(_ text: String) -> ConformanceCase {
        let id: CaseID
        do { id = try CaseID(parsing: text) } catch { return .broken(id: text, error) }
        guard id.description == text else {
            return .broken(id: text, ConformanceError.badCaseID(text, "not canonical; canonical form is \(id)"))
        }
        switch (id.kind, id.source) {
        case ("fwd", "gen"):
            return GeneratedCases.make(id)
        case ("prop", _):
            return PropertyCases.make(id)
        case (_, "golden"):
            guard let golden else {
                return .broken(id: text, ConformanceError.noGoldenFixtures)
            }
            let tags = CaseTags.of(id) + ["golden", id.group] + (id.kind == "mha" ? ["module"] : [])
            return ConformanceCase(id: text, tags: tags) {
                let g = try golden.load(text)
                return CaseProblem(args: g.args, golden: g.o, goldenLSE: g.lse)
            }
        default:
            return .broken(id: text, ConformanceError.unknownCase(text, "no source for kind '\(id.kind)' and source '\(id.source)'"))
        }
    }
}

/// `fwd:gen:<group>:...`: a seeded random problem whose golden is the float64 reference.
public enum GeneratedCases {
    public static func make(_ id: CaseID) -> ConformanceCase {
        let text = id.description
        do {
            let spec = try ProblemSpec(id)
            return ConformanceCase(id: text, tags: spec.tags + [id.group]) {
                try CaseProblem(referenceFor: spec.arguments(idText: text))
            }
        } catch {
            return .broken(id: text, error)
        }
    }
}
