/// A canonical case id: `<kind>:<source>:<group>:<key>=<value>;<key>=<value>;...`
///
///     fwd:golden:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=causal_br;dist=normal;seed=3
///     fwd:gen:gqa:dtype=bf16;B=2;Hq=4;Hkv=1;Sq=37;Skv=23;D=19;Dv=19;mask=none;dist=normal;seed=0
///     prop:permute_kv:f32:dtype=f32;B=1;Hq=2;Hkv=2;Sq=16;Skv=24;D=16;Dv=16;mask=none;dist=normal;seed=0
///
/// `kind` is `fwd` (core attention), `mha` (the module) or `prop` (a property
/// check; then `source` is the property name). Parameters appear in the fixed
/// order `CaseID.keyOrder` (the order of the fixture schema, `fixtures/README.md`, extended by
/// `layout`, `variant` before `seed`), so one problem has exactly one id.
public struct CaseID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: String
    public var source: String
    public var group: String
    /// Parameters in canonical order.
    public var parameters: [(key: String, value: String)]

    /// The canonical parameter order shared by fixtures, generated cases and properties.
    public static let keyOrder = ["dtype", "B", "Hq", "Hkv", "Sq", "Skv", "D", "Dv", "dmodel", "mask", "wl", "wr",
                                  "scale", "softcap", "bias", "alibi", "dist", "layout", "variant", "seed"]

    public init(kind: String, source: String, group: String, parameters: [String: String]) {
        self.kind = kind
        self.source = source
        self.group = group
        precondition(parameters.keys.allSatisfy(CaseID.keyOrder.contains),
                     "unknown case parameter in \(parameters.keys.sorted()); known: \(CaseID.keyOrder)")
        self.parameters = CaseID.keyOrder.compactMap { key in parameters[key].map { (key, $0) } }
    }

    /// Parses an id; throws naming what is malformed. Unknown keys and keys out
    /// of canonical order are errors, so a parsed id always re-prints identically.
    public init(parsing text: String) throws {
        let head = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard head.count == 4, head[0...2].allSatisfy({ !$0.isEmpty }) else {
            throw ConformanceError.badCaseID(text, "expected <kind>:<source>:<group>:<key>=<value>;...")
        }
        var dict: [String: String] = [:]
        var order: [String] = []
        for item in head[3].split(separator: ";") {
            let kv = item.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { throw ConformanceError.badCaseID(text, "'\(item)' is not key=value") }
            let key = String(kv[0])
            guard CaseID.keyOrder.contains(key) else { throw ConformanceError.badCaseID(text, "unknown parameter '\(key)'") }
            guard dict[key] == nil else { throw ConformanceError.badCaseID(text, "parameter '\(key)' given twice") }
            dict[key] = String(kv[1])
            order.append(key)
        }
        guard order == CaseID.keyOrder.filter(order.contains) else {
            throw ConformanceError.badCaseID(text, "parameters out of canonical order \(CaseID.keyOrder.joined(separator: ","))")
        }
        self.init(kind: String(head[0]), source: String(head[1]), group: String(head[2]), parameters: dict)
    }

    public subscript(_ key: String) -> String? {
        parameters.first { $0.key == key }?.value
    }

    /// The same id with parameter `key` set (or removed with nil), order kept canonical.
    public func with(_ key: String, _ value: String?) -> CaseID {
        var dict = Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, $0.value) })
        dict[key] = value
        return CaseID(kind: kind, source: source, group: group, parameters: dict)
    }

    public var description: String {
        "\(kind):\(source):\(group):" + parameters.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    public static func == (a: CaseID, b: CaseID) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
    public static func < (a: CaseID, b: CaseID) -> Bool { a.description < b.description }
}

/// Selects case ids: a query without `*` matches ids that start with it; a
/// query with `*` must match the whole id, `*` standing for any run of
/// characters (`fwd:gen:*;dtype=f16;*` is not canonical, `fwd:gen:*dtype=f16;*` is).
public struct CaseQuery: Sendable, Hashable, CustomStringConvertible {
    public var pattern: String
    public init(_ pattern: String) { self.pattern = pattern }

    public func matches(_ id: String) -> Bool {
        guard pattern.contains("*") else { return id.hasPrefix(pattern) }
        return CaseQuery.glob(Array(pattern.utf8)[...], Array(id.utf8)[...])
    }

    /// Matches several queries: an id is selected when any matches (no query selects everything).
    public static func select(_ ids: [String], _ queries: [CaseQuery]) -> [String] {
        queries.isEmpty ? ids : ids.filter { id in queries.contains { $0.matches(id) } }
    }

    private static func glob(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        // Iterative wildcard match with backtracking to the last star: O(|p|·|s|) worst case.
        var pi = p.startIndex, si = s.startIndex
        var star: Int? = nil, mark = s.startIndex
        while si < s.endIndex {
            if pi < p.endIndex && p[pi] != UInt8(ascii: "*") && p[pi] == s[si] {
                pi += 1; si += 1
            } else if pi < p.endIndex && p[pi] == UInt8(ascii: "*") {
                star = pi; mark = si; pi += 1
            } else if let st = star {
                pi = st + 1; mark += 1; si = mark
            } else {
                return false
            }
        }
        while pi < p.endIndex && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.endIndex
    }

    public var description: String { pattern }
}
