import Foundation

/// The measured error of one output tensor against its golden, and the
/// policy's judgement. Recorded for every judged tensor, also when it passes.
public struct ErrorReport: Sendable, Codable, Equatable {
    /// `o` or `lse`.
    public var tensor: String
    /// max |T − G| over elements where G is finite (0 when there are none).
    public var maxAbs: Double
    /// max |T − G| / |G| over elements where G is finite and nonzero.
    public var maxRel: Double
    /// max |R − G| of the baseline R.
    public var baselineMaxAbs: Double
    /// The policy's bound for `maxAbs`.
    public var bound: Double
    /// maxAbs / bound: below 1 passes the numeric test.
    public var headroom: Double
    /// Index of the worst element: (b, s, h, d) for o, (b, h, s) for lse; of
    /// the first non-finite mismatch when there is one.
    public var worstIndex: [Int]
    /// Elements whose NaN/±inf status differs from the golden's.
    public var nonFiniteMismatches: Int
    /// Whether this tensor passes (pattern equal and maxAbs ≤ bound).
    public var passed: Bool

    enum CodingKeys: String, CodingKey {
        case tensor, bound, headroom, passed
        case maxAbs = "max_abs", maxRel = "max_rel", baselineMaxAbs = "baseline_max_abs"
        case worstIndex = "worst_index", nonFiniteMismatches = "nonfinite_mismatches"
    }

    public init(tensor: String, maxAbs: Double, maxRel: Double, baselineMaxAbs: Double, bound: Double,
                headroom: Double, worstIndex: [Int], nonFiniteMismatches: Int, passed: Bool) {
        self.tensor = tensor
        self.maxAbs = maxAbs
        self.maxRel = maxRel
        self.baselineMaxAbs = baselineMaxAbs
        self.bound = bound
        self.headroom = headroom
        self.worstIndex = worstIndex
        self.nonFiniteMismatches = nonFiniteMismatches
        self.passed = passed
    }

    /// One line: `o: max|err| 3.1e-04 > bound 1.2e-04 (headroom 2.58) at [0, 5, 1, 7]`.
    public var summary: String {
        let nf = nonFiniteMismatches > 0 ? ", \(nonFiniteMismatches) NaN/inf mismatch(es)" : ""
        return "\(tensor): max|err| \(fmt(maxAbs)) \(maxAbs <= bound ? "<=" : ">") bound \(fmt(bound)) "
            + "(headroom \(fmt(headroom, digits: 3))) at \(worstIndex)\(nf)"
    }
}

func fmt(_ x: Double, digits: Int = 2) -> String {
    guard x.isFinite else { return "\(x)" }
    return String(format: "%.\(digits)e", x)
}

