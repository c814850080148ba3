import AttestTensor

/// Version 4's judgement (`ElementFloor`): each element n by its own bound
///
///     bound_n = factor · min(ρ · (scale_n + λ), B) + floor_n
///     ρ = max_m max(|R − G|_m, c_m) / (scale_m + λ)        B = max_m max(|R − G|_m, c_m)
///
/// ρ is the baseline's error in units of each element's floor scale, its
/// worst over the tensor, so the baseline term follows each element's own
/// magnitude while a baseline that happens to be exact on one element (a lucky
/// rounding) cannot shrink that element's bound: every rounding of a weighted
/// sum scales with its scale, not with where the baseline happened to land.
/// B, version 3's baseline term, caps it, so no element's baseline term is
/// larger than under version 3. λ = halfLeastNonzero / u, the smallest normal
/// magnitude of the type, keeps a subnormal element from setting ρ.
/// Maxima run over the elements where G and R are finite (as in version 3).
extension TolerancePolicy {
    /// ρ and B of one tensor (above); elements outside `region` are skipped.
    struct BaselineScale {
        var ratio = 0.0, largest = 0.0
        let lambda: Double

        init(golden g: [Double], baseline r: [Double], cost: [Double]?, floorScale s: [Double], dtype: DType,
             shape: [Int], region: (([Int]) -> Bool)?) {
            lambda = ElementFloor.scaleFloor(dtype)
            for n in g.indices where g[n].isFinite && r[n].isFinite {
                if let region, !region(unflatten(n, shape)) { continue }
                var base = abs(r[n] - g[n])
                if let cost, cost[n].isFinite { base = max(base, cost[n]) }
                largest = max(largest, base)
                ratio = max(ratio, base / ((s[n].isFinite ? s[n] : 0) + lambda))
            }
        }

        /// Element n's baseline term (before the factor) and bound.
        func bound(_ rule: Rule, dtype: DType, scale: Double) -> (base: Double, bound: Double) {
            let s = scale.isFinite ? scale : 0  // never for a finite golden of finite inputs
            let base = min(ratio * (s + lambda), largest)
            return (base, rule.factor * base + ElementFloor.floor(rule, dtype: dtype, scale: s))
        }
    }

    func judgeElements(tensor name: String, kernel: Tensor<Double>, golden: Tensor<Double>, baseline: Tensor<Double>,
                       cost: [Double]?, floorScale: [Double], dtype: DType, region: (([Int]) -> Bool)?) -> ErrorReport {
        let t = kernel.scalars, g = golden.scalars, shape = golden.shape
        let rule = rule(for: dtype)
        let scale = BaselineScale(golden: g, baseline: baseline.scalars, cost: cost, floorScale: floorScale, dtype: dtype,
                                  shape: shape, region: region)
        var maxRel = 0.0, worstHeadroom = -1.0, worst = 0, mismatches = 0, firstMismatch: Int? = nil
        var worstError = 0.0, worstBase = 0.0, worstBound = 1.0
        var histogram = Array(repeating: 0, count: ErrorReport.headroomBins.count)
        for n in g.indices {
            if let region, !region(unflatten(n, shape)) { continue }
            let tn = t[n], gn = g[n]
            if tn.isNaN != gn.isNaN || ((tn.isInfinite || gn.isInfinite) && !(tn == gn)) {
                mismatches += 1
                if firstMismatch == nil { firstMismatch = n }
                continue
            }
            guard gn.isFinite else { continue }
            let e = abs(tn - gn)
            if gn != 0 { maxRel = max(maxRel, e / abs(gn)) }
            let (base, b) = scale.bound(rule, dtype: dtype, scale: floorScale[n])
            let h = e / b
            histogram[ErrorReport.bin(ofHeadroom: h)] += 1
            if h > worstHeadroom { worstHeadroom = h; worst = n; worstError = e; worstBase = base; worstBound = b }
        }
        return ErrorReport(tensor: name, maxAbs: worstError, maxRel: maxRel, baselineMaxAbs: worstBase, bound: worstBound,
                           headroom: worstError / worstBound, worstIndex: unflatten(firstMismatch ?? worst, shape),
                           nonFiniteMismatches: mismatches, passed: mismatches == 0 && worstError <= worstBound,
                           histogram: histogram)
    }

    /// Each element's own bound under a per-element floor (version 4; the same
    /// numbers `judge` compares with), for checks that need a tolerance per
    /// element (the `range` property); nil when the policy has one bound per
    /// tensor. Elements whose golden is not finite get +inf.
    public func elementBounds(golden: Tensor<Double>, baseline: Tensor<Double>, scoreRounding: Tensor<Double>?,
                              normalization: Tensor<Double>? = nil, floorScale: Tensor<Double>, dtype: DType) -> Tensor<Double>? {
        guard perElementFloor == true else { return nil }
        let rule = rule(for: dtype), g = golden.scalars, s = floorScale.scalars
        let scale = BaselineScale(golden: g, baseline: baseline.scalars,
                                  cost: cost(scoreRounding: scoreRounding, normalization: normalization),
                                  floorScale: s, dtype: dtype, shape: golden.shape, region: nil)
        return Tensor(shape: golden.shape, elements: g.indices.map { n in
            g[n].isFinite ? scale.bound(rule, dtype: dtype, scale: s[n]).bound : .infinity
        })
    }
}
