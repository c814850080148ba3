/// The largest problem Attest will build, checked before anything is allocated.
///
/// A problem of dims B, Sq, Skv, Hq, Hkv, D, Dv holds q `[B, Sq, Hq, D]`,
/// k `[B, Skv, Hkv, D]`, v `[B, Skv, Hkv, Dv]`, o `[B, Sq, Hq, Dv]` and, when
/// it has an additive bias or a boolean mask, one score-sized plane
/// `[B, Hq, Sq, Skv]` (the bias, the mask and the baseline's per-score data
/// of such a problem). Their element count, summed with overflow-checked
/// arithmetic, must be at most `maxElements` = 2^28; held in float64 (8 bytes,
/// the widest element the harness uses) that is at most `maxBytes` = 2 GiB.
/// A problem without bias or boolean mask never holds a score plane: the
/// literal reference works row by row (O(Skv)), the blocked golden and
/// baseline block by block (O(block)). Its score pairs `B·Hq·Sq·Skv` are
/// bounded by `maxScorePairs` = 2^36 instead, which bounds its time: the
/// `large` profile's biggest case, Sq = Skv = 32768 with Hq = 4, has 2^32.
extension AttentionDims {
    /// The most elements of q, k, v, o and any score plane together: 2^28.
    public static let maxElements = 1 << 28
    /// `maxElements` float64 values: 2 GiB.
    public static let maxBytes = maxElements * 8
    /// The most (batch, query head, query, key) score pairs: 2^36.
    public static let maxScorePairs = 1 << 36

    /// `B·Hq·Sq·Skv`, or nil when it overflows `Int` (or a size is below 1).
    public var scorePairs: Int? {
        guard [batch, queryLength, keyLength, queryHeads, keyValueHeads, headDim, valueDim].allSatisfy({ $0 >= 1 }) else { return nil }
        return Self.product([batch, queryHeads, queryLength, keyLength])
    }

    /// The elements of q, k, v, o and, when `scorePlane`, the plane
    /// `[B, Hq, Sq, Skv]`; nil when the count overflows `Int` (or a size is below 1).
    public func problemElements(scorePlane: Bool) -> Int? {
        guard scorePairs != nil else { return nil }
        var total = 0
        for shape in [queryShape, keyShape, valueShape, outputShape] + (scorePlane ? [[batch, queryHeads, queryLength, keyLength]] : []) {
            guard let n = Self.product(shape) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(n)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// Throws `AttestError.invalidArguments` naming the dims and the count
    /// over its limit when a size is below 1, the problem holds more than
    /// `maxElements` elements (`scorePlane`: it has a bias or a boolean mask),
    /// or it has more than `maxScorePairs` score pairs.
    public func checkSize(scorePlane: Bool) throws {
        guard let pairs = scorePairs, let n = problemElements(scorePlane: scorePlane) else {
            throw AttestError.invalidArguments("dims \(self): every size must be >= 1 and the element count must fit in 64 bits")
        }
        guard n <= Self.maxElements else {
            throw AttestError.invalidArguments("dims \(self) need \(n) elements (\(n / (1 << 20) * 8) MiB in float64) for q, k, v, o"
                + (scorePlane ? " and the [B, Hq, Sq, Skv] bias or mask" : "") + "; the limit is \(Self.maxElements) (\(Self.maxBytes >> 30) GiB)")
        }
        guard pairs <= Self.maxScorePairs else {
            throw AttestError.invalidArguments("dims \(self) have \(pairs) score pairs (B·Hq·Sq·Skv); the limit is \(Self.maxScorePairs) (2^36)")
        }
    }

    private static func product(_ factors: [Int]) -> Int? {
        var p = 1
        for f in factors {
            let (r, overflow) = p.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            p = r
        }
        return p
    }
}
