import AttestCore
import AttestReference
import AttestTensor
import Foundation
import Testing

/// The worst element of a comparison, for failure messages.
struct WorstElement: CustomStringConvertible {
    var index: [Int] = []
    var value = 0.0
    var reference = 0.0
    var bound = 0.0
    /// error / bound (> 1 fails).
    var ratio = 0.0

    var description: String {
        "at \(index): got \(value), reference \(reference), |error| \(abs(value - reference)) > bound \(bound)"
    }
}

/// Runs `kernel` on `kase` with inputs in `dtype` (outputs: o in `dtype`, lse
/// in float64, NaN-filled first, in the case's output layout) and expects
/// every element of o and lse to match `ReferenceAttention` within
/// `KernelErrorBound`, non-finite values to match exactly, and fully masked
/// rows to be exactly o = 0, lse = -inf. Returns the worst error/bound ratio.
@discardableResult
func expectMatchesReference(_ kernel: some AttentionKernel, _ kase: KernelCase, _ dtype: DType,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> Double {
    let label = "\(kernel.name) on '\(kase.name)' \(kase.dims) \(dtype)"
    let args = kase.arguments(dtype)
    let reference = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
    try ReferenceAttention().forward(args, into: reference)
    let output = kase.output(dtype)
    try kernel.forward(args, into: output)
    let bound = KernelErrorBound(args, accumulation: dtype.accumulation)
    let d = args.dims

    var worstO = WorstElement(), worstLSE = WorstElement()
    var failures: [String] = []
    Tensor<Double>.forEachIndex(in: d.lseShape) { index in
        let (b, h, i) = (index[0], index[1], index[2])
        let r = reference.lse!.double(at: index), t = output.lse!.double(at: index)
        if r == -.infinity {
            if t != -.infinity { failures.append("lse\(index) = \(t), expected -inf (fully masked row)") }
            for e in 0 ..< d.valueDim where output.o.double(at: [b, i, h, e]) != 0 {
                failures.append("o[\(b), \(i), \(h), \(e)] = \(output.o.double(at: [b, i, h, e])) in a fully masked row, expected 0")
            }
            return
        }
        guard t.isFinite else {
            failures.append("lse\(index) = \(t), reference \(r)")
            return
        }
        let allowed = bound.logSumExp(r, outputType: .float64)
        let ratio = abs(t - r) / allowed
        if ratio > worstLSE.ratio { worstLSE = WorstElement(index: index, value: t, reference: r, bound: allowed, ratio: ratio) }
    }
    Tensor<Double>.forEachIndex(in: d.outputShape) { index in
        let r = reference.o.double(at: index), t = output.o.double(at: index)
        guard t.isFinite else {
            failures.append("o\(index) = \(t), reference \(r)")
            return
        }
        let allowed = bound.output(r, outputType: dtype)
        let ratio = abs(t - r) / allowed
        if ratio > worstO.ratio { worstO = WorstElement(index: index, value: t, reference: r, bound: allowed, ratio: ratio) }
    }
    if kase.outputLayout == .poisoned {
        for (name, t) in [("o", output.o), ("lse", output.lse!)] {
            let written = storageElementsNotNaN(t)
            if written != t.count {
                failures.append("\(name): \(written) storage elements are not NaN, the view has \(t.count): wrote outside the view")
            }
        }
    }
    #expect(failures.isEmpty, "\(label): \(failures.count) non-finite or fully-masked mismatches, first: \(failures.prefix(3))",
            sourceLocation: sourceLocation)
    #expect(worstO.ratio <= 1, "\(label): o \(worstO)", sourceLocation: sourceLocation)
    #expect(worstLSE.ratio <= 1, "\(label): lse \(worstLSE)", sourceLocation: sourceLocation)
    if ProcessInfo.processInfo.environment["ATTEST_PRINT_ERROR_RATIOS"] != nil {
        print("error/bound \(label): o \(worstO.ratio) lse \(worstLSE.ratio)")
    }
    return max(worstO.ratio, worstLSE.ratio)
}

/// How many elements of the whole storage under `t` (not only its view) are not NaN.
func storageElementsNotNaN(_ t: AnyTensor) -> Int {
    switch t {
    case let .float64(x): x.storage.elements.filter { !$0.isNaN }.count
    case let .float32(x): x.storage.elements.filter { !$0.isNaN }.count
    case let .float16(x): x.storage.elements.filter { !$0.isNaN }.count
    case let .bfloat16(x): x.storage.elements.filter { !$0.isNaN }.count
    }
}

/// Every element of `t` widened, as bit patterns of Double.
func bitPatterns(_ t: AnyTensor) -> [UInt64] {
    var bits: [UInt64] = []
    Tensor<Double>.forEachIndex(in: t.shape) { bits.append(t.double(at: $0).bitPattern) }
    return bits
}

/// Expects `a` and `b` to hold the same bits everywhere; names the count and the first difference.
func expectBitIdentical(_ a: AnyTensor, _ b: AnyTensor, _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let x = bitPatterns(a), y = bitPatterns(b)
    let differing = zip(x, y).enumerated().filter { $0.element.0 != $0.element.1 }
    let first = differing.first.map { "flat index \($0.offset): \(Double(bitPattern: $0.element.0)) vs \(Double(bitPattern: $0.element.1))" }
    #expect(x.count == y.count && differing.isEmpty,
            "\(what): \(differing.count) of \(x.count) elements differ, first at \(first ?? "-")",
            sourceLocation: sourceLocation)
}
