import AttestConformance
import AttestCore
import AttestTensor

/// What the reports group and filter a case by, read from its id with the
/// one case-id parser (`CaseSpec(parsing:)`); for an id that does not parse
/// (a hostile or foreign results file), from its recorded tags, with `?`
/// for what the tags do not say.
///
/// - `family`: the `<kind>:<source>:<group>` head of the id (`fwd:gen:window`),
///   JUnit's testsuite and the case tree's third level.
/// - `dtype`: the element type (`f16`); `heads`: `mha`, `gqa` or `mqa`.
/// - `mask`: the mask features joined by `+` in id order, or `none`.
/// - `shape`: `B=2 Hq=4 Hkv=1 Sq=37 Skv=23 D=19 Dv=19`.
/// - `features`: the feature tags (`CaseTags.features`) without the element
///   type: the heat-map's rows.
public struct CaseFacets: Sendable, Equatable {
    public var family: String
    public var dtype: String
    public var heads: String
    public var mask: String
    public var shape: String
    public var features: [String]

    public init(_ result: CaseResult) {
        if let spec = try? CaseSpec(parsing: result.id) {
            let p = spec.problem, d = p.dims
            family = "\(spec.origin.kind):\(spec.origin.source):\(spec.origin.group)"
            dtype = p.dtype.shortName
            heads = p.headGrouping
            let masks = AttentionFeature.masks.filter(p.mask.contains).map(\.rawValue)
            mask = masks.isEmpty ? "none" : masks.joined(separator: "+")
            shape = "B=\(d.batch) Hq=\(d.queryHeads) Hkv=\(d.keyValueHeads) Sq=\(d.queryLength) Skv=\(d.keyLength) D=\(d.headDim) Dv=\(d.valueDim)"
            let elementType = p.dtype.shortName
            features = CaseTags.features(of: p).filter { $0 != elementType }
        } else {
            let head = result.id.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            family = head.count == 4 ? head[0 ..< 3].joined(separator: ":") : "(unparsed id)"
            let dtypes = Set(DType.allCases.map(\.shortName))
            let elementType = result.tags.first(where: dtypes.contains)
            dtype = elementType ?? "?"
            heads = result.tags.first(where: ["mha", "gqa", "mqa"].contains) ?? "?"
            let maskNames = AttentionFeature.masks.map(\.rawValue)
            let masks = maskNames.filter(result.tags.contains)
            mask = masks.isEmpty ? (result.tags.contains("no_mask") ? "none" : "?") : masks.joined(separator: "+")
            shape = "?"
            features = result.tags.filter { $0 != elementType }
        }
    }
}
