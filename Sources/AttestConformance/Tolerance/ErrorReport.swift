import Foundation

/// The measured error of one output tensor against its golden, and the
/// policy's judgement. Recorded for every judged tensor, also when it passes.
///
/// Under a per-element bound (policy version 4, `ElementFloor`) `maxAbs`,
/// `baselineMaxAbs`, `bound` and `worstIndex` are those of the worst element:
/// the one with the largest |T − G|_n / bound_n. So `headroom = maxAbs / bound`
/// and PASS ⇔ `maxAbs <= bound` hold under every version.
public struct ErrorReport: Sendable, Codable, Equatable {
    /// `o` or `lse`.
    public var tensor: String
    /// max |T − G| over elements where G is finite (0 when there are none);
    /// from version 4, |T − G| of the worst element.
    public var maxAbs: Double
    /// max |T − G| / |G| over elements where G is finite and nonzero.
    public var maxRel: Double
    /// max |R − G| of the baseline R (at least the score-rounding cost); from
    /// version 4, max(|R − G|, c) of the worst element.
    public var baselineMaxAbs: Double
    /// The policy's bound for `maxAbs` (from version 4, the worst element's own bound).
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
    /// How many elements fall in each bin of `headroomBins` by their own
    /// |T − G| / bound, over the elements where G is finite and the NaN/inf
    /// pattern matches (so the counts add up to those elements); nil in
    /// results written before it was recorded (absent from the line then).
    public var histogram: [Int]?

    /// Upper edges of the headroom bins: a headroom h (of one element, or a
    /// case's worst) falls in the first bin whose edge is >= h. Bins past the
    /// edge 1 are over the bound.
    public static let headroomBins: [Double] = [0, 1e-3, 1e-2, 0.1, 0.5, 1, 10, .infinity]

    /// The bin of `headroomBins` that a non-NaN headroom `h` falls in.
    public static func bin(ofHeadroom h: Double) -> Int {
        precondition(!h.isNaN, "a NaN headroom has no bin")
        return headroomBins.firstIndex { h <= $0 } ?? headroomBins.count - 1
    }

    enum CodingKeys: String, CodingKey {
        case tensor, bound, headroom, passed
        case maxAbs = "max_abs", maxRel = "max_rel", baselineMaxAbs = "baseline_max_abs"
        case worstIndex = "worst_index", nonFiniteMismatches = "nonfinite_mismatches"
        case histogram = "headroom_histogram"
    }

    public init(tensor: String, maxAbs: Double, maxRel: Double, baselineMaxAbs: Double, bound: Double,
                headroom: Double, worstIndex: [Int], nonFiniteMismatches: Int, passed: Bool, histogram: [Int]? = nil) {
        self.tensor = tensor
        self.maxAbs = maxAbs
        self.maxRel = maxRel
        self.baselineMaxAbs = baselineMaxAbs
        self.bound = bound
        self.headroom = headroom
        self.worstIndex = worstIndex
        self.nonFiniteMismatches = nonFiniteMismatches
        self.passed = passed
        self.histogram = histogram
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

