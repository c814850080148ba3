import AttestTensor

extension TolerancePolicy {
    /// Judges `kernel` against `golden` with `baseline` setting the scale of
    /// the bound. All three have the same shape; values are compared in float64.
    ///
    /// - NaN/inf pattern: an element mismatches when `isNaN` differs, or when
    ///   either is infinite and they are not equal.
    /// - Errors run over elements where the golden is finite. The baseline's
    ///   error runs over elements where both the golden and the baseline are
    ///   finite (a non-finite baseline element never widens the bound).
    /// - `scoreRounding` (policy v2, `BaselineAttention.Result`): each element's
    ///   baseline error counts as at least its score-rounding cost, so a baseline
    ///   whose rounding happened to be lucky cannot set the bound below what the
    ///   precision costs in any summation order.
    /// - `normalization` (policy v5, o only): added to that cost, so a baseline
    ///   whose normalization cancels exactly (V constant along the keys) cannot
    ///   set the bound below what rounding the row's weights costs in another order.
    /// - `floorScale` (policy v4, `ElementFloor`): when given and the policy
    ///   has `perElementFloor`, every element n is judged by its own bound
    ///   (`ToleranceJudge+Elements.swift`); the report's `max_abs`,
    ///   `baseline_max_abs`, `bound` and `worst_index` are then those of the
    ///   element with the largest |T − G|_n / bound_n (its headroom), so
    ///   `headroom = max_abs / bound` and PASS ⇔ `max_abs <= bound` still hold.
    /// - `region`, when given, restricts every maximum and the pattern check to
    ///   elements whose index it accepts.
    public func judge(tensor name: String, kernel: Tensor<Double>, golden: Tensor<Double>, baseline: Tensor<Double>,
                      scoreRounding: Tensor<Double>? = nil, normalization: Tensor<Double>? = nil,
                      floorScale: Tensor<Double>? = nil, dtype: DType, region: (([Int]) -> Bool)? = nil) -> ErrorReport {
        precondition(kernel.shape == golden.shape && baseline.shape == golden.shape,
                     "judge \(name): shapes differ: kernel \(kernel.shape), golden \(golden.shape), baseline \(baseline.shape)")
        precondition(scoreRounding.map { $0.shape == golden.shape } ?? true, "judge \(name): score-rounding shape differs")
        precondition(normalization.map { $0.shape == golden.shape } ?? true, "judge \(name): normalization shape differs")
        precondition(floorScale.map { $0.shape == golden.shape } ?? true, "judge \(name): floor-scale shape differs")
        let cost = cost(scoreRounding: scoreRounding, normalization: normalization)
        if perElementFloor == true, let floorScale {
            return judgeElements(tensor: name, kernel: kernel, golden: golden, baseline: baseline, cost: cost,
                                 floorScale: floorScale.scalars, dtype: dtype, region: region)
        }
        let t = kernel.scalars, g = golden.scalars, r = baseline.scalars
        let shape = golden.shape
        var maxAbs = 0.0, maxRel = 0.0, baseMax = 0.0, goldenMax = 0.0
        var worst = 0, mismatches = 0, firstMismatch: Int? = nil
        func patternDiffers(_ tn: Double, _ gn: Double) -> Bool {
            tn.isNaN != gn.isNaN || ((tn.isInfinite || gn.isInfinite) && !(tn == gn))
        }
        for n in g.indices {
            if let region, !region(unflatten(n, shape)) { continue }
            let tn = t[n], gn = g[n]
            if patternDiffers(tn, gn) {
                mismatches += 1
                if firstMismatch == nil { firstMismatch = n }
                continue
            }
            guard gn.isFinite else { continue }
            goldenMax = max(goldenMax, abs(gn))
            let e = abs(tn - gn)
            if e > maxAbs { maxAbs = e; worst = n }
            if gn != 0 { maxRel = max(maxRel, e / abs(gn)) }
            if r[n].isFinite { baseMax = max(baseMax, abs(r[n] - gn)) }
            if let cost, cost[n].isFinite { baseMax = max(baseMax, cost[n]) }
        }
        let b = bound(dtype: dtype, baselineError: baseMax, goldenMax: goldenMax)
        // Second pass, now that the bound is known: each compared element's own headroom, binned.
        var histogram = Array(repeating: 0, count: ErrorReport.headroomBins.count)
        for n in g.indices where g[n].isFinite && !patternDiffers(t[n], g[n]) {
            if let region, !region(unflatten(n, shape)) { continue }
            histogram[ErrorReport.bin(ofHeadroom: abs(t[n] - g[n]) / b)] += 1
        }
        return ErrorReport(tensor: name, maxAbs: maxAbs, maxRel: maxRel, baselineMaxAbs: baseMax, bound: b,
                           headroom: maxAbs / b, worstIndex: unflatten(firstMismatch ?? worst, shape),
                           nonFiniteMismatches: mismatches, passed: mismatches == 0 && maxAbs <= b, histogram: histogram)
    }
}

/// The multi-index of flat row-major position `n` in `shape`.
func unflatten(_ n: Int, _ shape: [Int]) -> [Int] {
    var rest = n
    var index = Array(repeating: 0, count: shape.count)
    for axis in shape.indices.reversed() {
        index[axis] = rest % max(shape[axis], 1)
        rest /= max(shape[axis], 1)
    }
    return index
}
