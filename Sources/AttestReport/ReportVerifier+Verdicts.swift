import AttestConformance

extension ReportVerifier {
    /// Re-derives each result's verdict from its recorded numbers by the
    /// policy's rule (`TolerancePolicy.judge`), and names every contradiction
    /// with the case id and the numbers:
    ///
    /// - an error report's `passed` must equal `nonfinite_mismatches == 0 &&
    ///   max_abs <= bound`, and its `headroom` must be `max_abs / bound`;
    /// - a PASS must have every error report passing, and a FAIL must have a
    ///   failing report or a reason (a property's failed check).
    ///
    /// The bound itself is not recomputed: it depends on the golden's largest
    /// magnitude, which the results do not record.
    static func verdictProblems(_ results: [CaseResult]) -> [String] {
        func passes(_ e: ErrorReport) -> Bool { e.nonFiniteMismatches == 0 && e.maxAbs <= e.bound }
        var problems: [String] = []
        for r in results {
            for e in r.errors {
                let numbers = "max_abs \(e.maxAbs), bound \(e.bound), nonfinite_mismatches \(e.nonFiniteMismatches)"
                if e.passed != passes(e) {
                    problems.append("case \(r.id): \(e.tensor) records passed=\(e.passed) but \(numbers) give passed=\(passes(e))")
                }
                let headroom = e.maxAbs / e.bound
                if e.headroom != headroom && !(abs(e.headroom - headroom) <= 1e-12 * max(1, abs(headroom))) {
                    problems.append("case \(r.id): \(e.tensor) records headroom \(e.headroom), max_abs / bound is \(headroom)")
                }
            }
            if r.verdict == .pass, let e = r.errors.first(where: { !$0.passed || !passes($0) }) {
                problems.append("case \(r.id): verdict PASS contradicts \(e.tensor) max_abs \(e.maxAbs) vs bound \(e.bound), "
                    + "nonfinite_mismatches \(e.nonFiniteMismatches), passed=\(e.passed)")
            }
            if r.verdict == .fail, r.reason == nil, r.errors.allSatisfy({ $0.passed && passes($0) }) {
                problems.append("case \(r.id): verdict FAIL has neither a failing error report nor a reason")
            }
        }
        return problems
    }
}
