import AttestCore
import AttestTensor
import Testing

/// Expects `a` and `b` to have the same shape and hold the same bits at every
/// logical index (NaN payloads included; compared widened to float64, which is
/// exact); names the count and the first difference.
public func expectBitIdentical(_ a: AnyTensor, _ b: AnyTensor, _ what: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
    guard a.shape == b.shape else {
        Issue.record("\(what): shapes \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
        return
    }
    let x = a.widened().scalars, y = b.widened().scalars
    let differing = x.indices.filter { x[$0].bitPattern != y[$0].bitPattern }
    if let first = differing.first {
        Issue.record("\(what): \(differing.count) of \(x.count) elements differ, first at flat index \(first): \(x[first]) vs \(y[first])",
                     sourceLocation: sourceLocation)
    }
}

/// Expects two outputs to be bit-identical: o, and lse when either has one
/// (both must then have one).
public func expectBitIdentical(_ a: AttentionOutput, _ b: AttentionOutput, _ what: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
    expectBitIdentical(a.o, b.o, "\(what): o", sourceLocation: sourceLocation)
    switch (a.lse, b.lse) {
    case let (x?, y?): expectBitIdentical(x, y, "\(what): lse", sourceLocation: sourceLocation)
    case (nil, nil): break
    default: Issue.record("\(what): lse present in one output only", sourceLocation: sourceLocation)
    }
}
