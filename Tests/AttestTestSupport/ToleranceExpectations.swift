import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import Testing

/// The tolerance policy every test judges by: the one the runner judges cases
/// by (`docs/tolerance.md`). Tests carry no numbers of their own.
public let testPolicy = TolerancePolicy.current

/// Expects a kernel's `output` for `args` to pass `testPolicy` exactly as the
/// runner judges a case: golden o and lse from `ReferenceAttention` (float64),
/// baseline and score-rounding costs from `BaselineAttention` in the
/// precision of `args.dtype`, every tensor compared in float64, the NaN/±inf
/// pattern equal. lse is judged when `output` has one. `golden`, when given,
/// is the reference's float64 output for `args` already computed by the
/// caller. Records one issue per failing tensor, naming `what`, and returns
/// the reports (headroom, worst index).
@discardableResult
public func expectWithinTolerance(_ output: AttentionOutput, for args: AttentionArguments, _ what: String,
                                  golden: AttentionOutput? = nil,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws -> [ErrorReport] {
    let golden = try golden ?? {
        let computed = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
        try ReferenceAttention().forward(args, into: computed)
        return computed
    }()
    let baseline = BaselineAttention.compute(args)
    try #require(output.o.shape == golden.o.shape, "\(what): o has shape \(output.o.shape), expected \(golden.o.shape)",
                 sourceLocation: sourceLocation)
    var reports = [testPolicy.judge(tensor: "o", kernel: output.o.widened(), golden: golden.o.widened(),
                                    baseline: baseline.o, scoreRounding: baseline.oScoreRounding,
                                    normalization: baseline.oNormalization, dtype: args.dtype)]
    if let lse = output.lse, let goldenLSE = golden.lse {
        try #require(lse.shape == goldenLSE.shape, "\(what): lse has shape \(lse.shape), expected \(goldenLSE.shape)",
                     sourceLocation: sourceLocation)
        reports.append(testPolicy.judge(tensor: "lse", kernel: lse.widened(), golden: goldenLSE.widened(),
                                        baseline: baseline.lse, scoreRounding: baseline.lseScoreRounding, dtype: args.dtype))
    }
    for report in reports where !report.passed {
        Issue.record("\(what) (\(args.dims) \(args.dtype)): \(report.summary)", sourceLocation: sourceLocation)
    }
    return reports
}

/// Expects a float64 computation `actual` to reproduce an exact float64
/// `golden` (a closed form, or the numpy oracle of the golden fixtures):
/// `testPolicy` judges it as a float64 kernel whose baseline is exact, so the
/// bound is the policy's float64 floor, `floorUnits · u · max(1, max|golden|)`
/// = 8192 · 2^-53 ≈ 9.1e-13 times the largest magnitude (at least 1), and
/// the NaN/±inf pattern must be equal. Records an issue naming `what`.
@discardableResult
public func expectReproduces(_ actual: Tensor<Double>, _ golden: Tensor<Double>, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) -> ErrorReport? {
    guard actual.shape == golden.shape else {
        Issue.record("\(what): shape \(actual.shape), expected \(golden.shape)", sourceLocation: sourceLocation)
        return nil
    }
    let report = testPolicy.judge(tensor: what, kernel: actual, golden: golden, baseline: golden, dtype: .float64)
    if !report.passed { Issue.record("\(report.summary)", sourceLocation: sourceLocation) }
    return report
}

/// `expectReproduces` for one float64 value against its closed form.
public func expectClose(_ actual: Double, _ expected: Double, _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    expectReproduces(Tensor(shape: [1], elements: [actual]), Tensor(shape: [1], elements: [expected]),
                     "\(what) (got \(actual), expected \(expected))", sourceLocation: sourceLocation)
}
