import AttestConformance
import Foundation

/// A run against an earlier run of the same cases (`attest report --baseline OLD NEW`):
///
/// - new failures: blocking in NEW, and PASS, NOT_SUPPORTED or absent in OLD;
/// - fixes: blocking in OLD, PASS in NEW;
/// - headroom drift: a case whose worst headroom (`CaseResult.worst`, max |T − G| / bound)
///   moved by a factor of `driftFactor` or more either way, where the larger of
///   the two is at least `driftFloor` (smaller headrooms are rounding noise);
///   an exact 0 counts as below any other value;
/// - ids in only one of the two runs, counted.
public struct ReportBaseline: Sendable {
    public static let driftFactor = 2.0
    public static let driftFloor = 0.01

    public struct Drift: Sendable, Equatable {
        public var id: String
        public var old: Double
        public var new: Double
    }

    public var newFailures: [CaseResult] = []
    public var fixes: [CaseResult] = []
    public var drift: [Drift] = []
    public var onlyInOld = 0
    public var onlyInNew = 0

    public init(old: CertificationRun, new: CertificationRun) {
        let before = Dictionary(old.results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Set(new.results.map(\.id))
        onlyInOld = before.keys.filter { !now.contains($0) }.count
        for r in new.results {
            guard let o = before[r.id] else {
                onlyInNew += 1
                if r.verdict.blocks { newFailures.append(r) }
                continue
            }
            if r.verdict.blocks && !o.verdict.blocks { newFailures.append(r) }
            if o.verdict.blocks && r.verdict == .pass { fixes.append(r) }
            if let a = o.worst?.headroom, let b = r.worst?.headroom, a.isFinite, b.isFinite, max(a, b) >= Self.driftFloor,
               min(a, b) == 0 || max(a, b) / min(a, b) >= Self.driftFactor {
                drift.append(Drift(id: r.id, old: a, new: b))
            }
        }
    }

    /// What `attest report --baseline` prints.
    public func lines(rerun: (String) -> String) -> [String] {
        var out = ["\(newFailures.count) new failure(s), \(fixes.count) fix(es), \(drift.count) case(s) with headroom drift "
            + "(factor \(Self.driftFactor) or more), \(onlyInNew) case(s) only in the new run, \(onlyInOld) only in the old"]
        out += newFailures.map { "NEW \($0.verdict.rawValue) \($0.id)  \($0.worst?.summary ?? $0.reason ?? "")  rerun: \(rerun($0.id))" }
        out += fixes.map { "FIXED \($0.id)" }
        out += drift.map { "DRIFT \($0.id)  headroom \(String(format: "%.3e", $0.old)) -> \(String(format: "%.3e", $0.new))" }
        return out
    }
}
