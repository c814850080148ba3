/// The largest problem Attest will build, checked before anything is allocated.
///
/// A problem of dims B, Sq, Skv, Hq, Hkv, D, Dv holds q `[B, Sq, Hq, D]`,
/// k `[B, Skv, Hkv, D]`, v `[B, Skv, Hkv, Dv]`, o `[B, Sq, Hq, Dv]` and, in the
/// reference, the baseline and any boolean mask or bias, one score plane
/// `[B, Hq, Sq, Skv]`. Their element count, summed with overflow-checked
/// arithmetic, must be at most `maxElements` = 2^28; held in float64 (8 bytes,
/// the widest element the harness uses) that is at most `maxBytes` = 2 GiB.
/// The largest shipped case (`full`, Skv = 8192) needs about 2.6 · 10^6
/// elements and `attest bench-stacks`' default about 7.6 · 10^7.
extension AttentionDims {
    /// The most elements of q, k, v, o and the score plane together: 2^28.
    public static let maxElements = 1 << 28
    /// `maxElements` float64 values: 2 GiB.
    public static let maxBytes = maxElements * 8

    /// The elements of q, k, v, o and the score plane `[B, Hq, Sq, Skv]`, or
    /// nil when the count overflows `Int` (or a size is below 1).
    public var problemElements: Int? {
        let sizes = [batch, queryLength, keyLength, queryHeads, keyValueHeads, headDim, valueDim]
        guard sizes.allSatisfy({ $0 >= 1 }) else { return nil }
        func product(_ factors: [Int]) -> Int? {
            var p = 1
            for f in factors {
                let (r, overflow) = p.multipliedReportingOverflow(by: f)
                if overflow { return nil }
                p = r
            }
            return p
        }
        var total = 0
        for shape in [queryShape, keyShape, valueShape, outputShape, [batch, queryHeads, queryLength, keyLength]] {
            guard let n = product(shape) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(n)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// Throws `AttestError.invalidArguments` naming the dims and their element
    /// count when a size is below 1 or the problem is larger than `maxElements`.
    public func checkSize() throws {
        guard let n = problemElements else {
            throw AttestError.invalidArguments("dims \(self): every size must be >= 1 and the element count must fit in 64 bits")
        }
        guard n <= Self.maxElements else {
            throw AttestError.invalidArguments("dims \(self) need \(n) elements (\(n / (1 << 20) * 8) MiB in float64) for q, k, v, o "
                + "and the [B, Hq, Sq, Skv] scores; the limit is \(Self.maxElements) (\(Self.maxBytes >> 30) GiB)")
        }
    }
}
