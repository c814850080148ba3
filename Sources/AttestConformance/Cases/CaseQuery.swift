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
