import AttestCore

/// One case of the suite, typed: where it comes from and the problem it runs.
/// Its canonical id (`id`, `CaseSpec+Grammar.swift`) is the one printed form
/// and `init(parsing:)` the one parser, so `CaseSpec(parsing: s.id) == s` and
/// every accepted id re-prints byte for byte. Generated, property, golden and
/// fuzz cases are all described by it; its tags are `CaseTags.of(_:)`.
///
///     fwd:golden:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=causal_br;dist=normal;seed=3
///     fwd:gen:gqa:dtype=bf16;B=2;Hq=4;Hkv=1;Sq=37;Skv=23;D=19;Dv=19;mask=none;dist=normal;seed=0
///     prop:permute_kv:default:dtype=f32;B=1;Hq=2;Hkv=2;Sq=16;Skv=24;D=16;Dv=16;mask=none;dist=normal;seed=0
public struct CaseSpec: Sendable, Hashable, CustomStringConvertible {
    public var origin: CaseOrigin
    public var problem: ProblemSpec

    public init(_ origin: CaseOrigin, _ problem: ProblemSpec) {
        self.origin = origin
        self.problem = problem
    }

    /// This case with its seed moved by `offset` (wrapping), for generated and
    /// property cases; golden and fuzz cases have fixed data and are returned unchanged.
    public func reseeded(by offset: Int) -> CaseSpec {
        switch origin {
        case .generated, .property:
            var s = self
            s.problem.seed = problem.seed &+ offset
            return s
        case .golden, .fuzz:
            return self
        }
    }

    /// The feature tags of this case (`CaseTags`).
    public var tags: [String] { CaseTags.of(self) }

    public var description: String { id }
}

/// Where a case comes from: the `<kind>:<source>:<group>` head of its id.
public enum CaseOrigin: Sendable, Hashable {
    /// `fwd:gen:<group>`: a seeded random problem, golden = the float64 reference.
    case generated(group: String)
    /// `fwd:golden:<family>` (core attention) or `mha:golden:<family>` (the
    /// module, `module == true`): a case of `fixtures/<family>.h5`.
    case golden(family: String, module: Bool)
    /// `prop:<name>:<variant>`: a property check (`PropertyCases`).
    case property(name: String, variant: String)
    /// `fwd:fuzz:<layout>`: a problem of the random search (`FuzzProblem`);
    /// its id names the problem but cannot rebuild it (broadcast shapes and
    /// layouts are not in the grammar): replay it with its problem seed.
    case fuzz(layout: FuzzProblem.Layout)

    /// `fwd`, `mha` or `prop`.
    public var kind: String {
        switch self {
        case .generated, .fuzz: "fwd"
        case let .golden(_, module): module ? "mha" : "fwd"
        case .property: "prop"
        }
    }

    /// `gen`, `golden`, `fuzz` or the property's name.
    public var source: String {
        switch self {
        case .generated: "gen"
        case .golden: "golden"
        case let .property(name, _): name
        case .fuzz: "fuzz"
        }
    }

    /// The generated group, golden family, property variant or fuzz layout.
    public var group: String {
        switch self {
        case let .generated(group): group
        case let .golden(family, _): family
        case let .property(_, variant): variant
        case let .fuzz(layout): layout.rawValue
        }
    }

    /// Reads the three head fields; throws naming a combination that has no source.
    init(kind: String, source: String, group: String, id: String) throws {
        switch (kind, source) {
        case ("fwd", "gen"): self = .generated(group: group)
        case ("prop", _): self = .property(name: source, variant: group)
        case ("fwd", "golden"), ("mha", "golden"): self = .golden(family: group, module: kind == "mha")
        case ("fwd", "fuzz"):
            guard let layout = FuzzProblem.Layout(rawValue: group) else {
                throw ConformanceError.badCaseID(id, "fuzz layout must be one of \(FuzzProblem.Layout.allCases.map(\.rawValue))")
            }
            self = .fuzz(layout: layout)
        default: throw ConformanceError.unknownCase(id, "no source for kind '\(kind)' and source '\(source)'")
        }
    }
}
