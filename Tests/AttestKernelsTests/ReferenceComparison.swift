import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// Runs `kernel` on `kase` with inputs in `dtype` (outputs: o in `dtype`, lse
/// in float64, NaN-filled first, in the case's output layout) and expects o
/// and lse to pass the project's tolerance policy against `ReferenceAttention`
/// (`expectWithinTolerance`: the runner's judgement, baseline in the kernel's
/// precision), fully masked rows to be exactly o = 0, lse = -inf
/// (`docs/semantics.md`), and a poisoned output view to be written inside the
/// view only. Returns the worst headroom (max|err| / bound; above 1 fails).
@discardableResult
func expectMatchesReference(_ kernel: some AttentionKernel, _ kase: KernelCase, _ dtype: DType,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> Double {
    let label = "\(kernel.name) on '\(kase.name)'"
    let args = kase.arguments(dtype)
    let reference = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
    try ReferenceAttention().forward(args, into: reference)
    let output = kase.output(dtype)
    try kernel.forward(args, into: output)
    let reports = try expectWithinTolerance(output, for: args, label, golden: reference, sourceLocation: sourceLocation)
    let d = args.dims

    var failures: [String] = []
    Tensor<Double>.forEachIndex(in: d.lseShape) { index in
        let (b, h, i) = (index[0], index[1], index[2])
        guard reference.lse!.double(at: index) == -.infinity else { return }
        for e in 0 ..< d.valueDim where output.o.double(at: [b, i, h, e]) != 0 {
            failures.append("o[\(b), \(i), \(h), \(e)] = \(output.o.double(at: [b, i, h, e])) in a fully masked row, expected 0")
        }
    }
    if kase.outputLayout == .poisoned {
        for (name, t) in [("o", output.o), ("lse", output.lse!)] {
            let written = storageElementsNotNaN(t)
            if written != t.count {
                failures.append("\(name): \(written) storage elements are not NaN, the view has \(t.count): wrote outside the view")
            }
        }
    }
    #expect(failures.isEmpty, "\(label) \(d) \(dtype): \(failures.count) fully-masked or out-of-view mismatches, first: \(failures.prefix(3))",
            sourceLocation: sourceLocation)
    let headroom = reports.map(\.headroom).max() ?? 0
    if ProcessInfo.processInfo.environment["ATTEST_PRINT_ERROR_RATIOS"] != nil {
        print("headroom \(label) \(d) \(dtype): \(reports.map { "\($0.tensor) \($0.headroom)" }.joined(separator: ", "))")
    }
    return headroom
}

/// Runs `kernel` twice on the matrix case "everything" in `dtype` and expects
/// both outputs (o and lse) to be bit-identical.
func expectRepeatedRunsBitIdentical(_ kernel: some AttentionKernel, _ dtype: DType,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let kase = try #require(KernelCase.matrix.first { $0.name == "everything" }, sourceLocation: sourceLocation)
    let args = kase.arguments(dtype)
    let first = kase.output(dtype), second = kase.output(dtype)
    try kernel.forward(args, into: first)
    try kernel.forward(args, into: second)
    expectBitIdentical(first, second, "\(kernel.name): two runs (\(dtype))", sourceLocation: sourceLocation)
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
