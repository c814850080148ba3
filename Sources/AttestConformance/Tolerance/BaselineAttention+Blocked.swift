import AttestCore
import AttestKernels
import AttestTensor
import Foundation

extension BaselineAttention {
    /// The baseline of `compute` by blocks of query rows, with GEMMs in the
    /// accumulation precision, for calls at or above `GoldenPath.threshold`
    /// (`docs/tolerance.md`). Same element-type rules, score rules, softmax
    /// and outputs (o, lse, score-rounding costs, forward error bounds) as the
    /// literal `run`; only the order of the dot products' and of Σ p·v's
    /// sums changes (OpenBLAS's), which is one legitimate float32 (or float64)
    /// evaluation among others, as the tolerance policy assumes.
    ///
    /// Per (b, query head h, block of R query positions), over the keys K any
    /// row of the block can see (`RowBounds.union`):
    ///
    ///     dot[R×|K|]  = Q[R×D] · K[|K|×D]ᵀ      sgemm (f32/f16/bf16) or dgemm (f64): accumulation precision
    ///     |qk|[R×|K|] = |Q| · |K|ᵀ              dgemm, float64 (the score-rounding cost's Σ_d |q_d k_d|)
    ///     s = scale · dot, then `ScoreRules`; m, p = exp(s - m), l = Σ p (key order), accumulation precision
    ///     acc[R×Dv]   = P · V                   sgemm or dgemm; o = acc / l, lse = m + log l
    ///     costs and bounds                       float64 loops over (j, e), as in `run`
    ///     floor scales (policy v4, `ElementFloor`): float64, s64 = scale · Q·Kᵀ (dgemm), `ScoreRules`,
    ///                                            p64 = exp(s64 - m64) / l64, Σ_j p64_j·|v_j| = P64 · |V| (dgemm)
    ///
    /// Work items are dealt over `BLASGolden.defaultWorkers` threads
    /// (`ParallelWorkers`); the result does not depend on the worker count.
    /// Memory per worker: four R × |K| blocks, R · Skv <= 2^20.
    /// Returns nil (the caller runs the literal baseline) when `args` is not
    /// valid (`AttentionArguments.validate`), when q, k or v holds
    /// a non-finite value (a GEMM would form 0 · NaN for hidden keys) or a
    /// size does not fit OpenBLAS's 32-bit integers.
    public static func blocked(_ args: AttentionArguments, workers: Int = BLASGolden.defaultWorkers) -> Result? {
        switch args.dtype {
        case .float64: BlockedBaseline<Double>(args)?.run(workers: workers)
        case .float32, .float16, .bfloat16: BlockedBaseline<Float>(args)?.run(workers: workers)
        }
    }
}

/// One call of `BaselineAttention.blocked` in accumulation type `A`.
private struct BlockedBaseline<A: BLASScalar> {
    let args: AttentionArguments
    let d: AttentionDims
    /// q, k, v `[B, S, H, X]` contiguous in `A` (exact: inputs are stored in a type `A` holds).
    let q: [A], k: [A], v: [A]
    /// q and k, and |q|, |k| and |v|, in float64.
    let q64: [Double], k64: [Double], qAbs: [Double], kAbs: [Double], vAbs: [Double]
    let bias: Tensor<Double>?
    let rules: ScoreRules<A>
    let rules64: ScoreRules<Double>
    let rowsPerBlock: Int

    init?(_ args: AttentionArguments) {
        guard (try? args.validate()) != nil else { return nil } // raw-pointer GEMMs need consistent shapes
        let d = args.dims
        let qd = args.q.widened().scalars, kd = args.k.widened().scalars, vd = args.v.widened().scalars
        guard qd.allSatisfy(\.isFinite), kd.allSatisfy(\.isFinite), vd.allSatisfy(\.isFinite) else { return nil }
        rowsPerBlock = max(1, min(64, (1 << 20) / max(1, d.keyLength), d.queryLength))
        let sizes = [rowsPerBlock, d.keyLength, d.headDim, d.valueDim, d.queryHeads * d.headDim,
                     d.keyValueHeads * d.headDim, d.keyValueHeads * d.valueDim]
        guard sizes.allSatisfy(BLAS.fits) else { return nil }
        self.args = args
        self.d = d
        q = qd.map { A($0) }
        k = kd.map { A($0) }
        v = vd.map { A($0) }
        q64 = qd
        k64 = kd
        qAbs = qd.map(abs)
        kAbs = kd.map(abs)
        vAbs = vd.map(abs)
        bias = args.bias?.widened()
        rules = ScoreRules<A>(args: args, foldedScale: true)
        rules64 = ScoreRules<Double>(args: args, foldedScale: true)
    }

    /// Flat outputs, each work item writing its own rows.
    struct Outputs {
        let o, lse, oCost, lseCost, oNormalization, oBound, lseBound, oScale, lseScale: UnsafeMutableBufferPointer<Double>
    }

    /// One worker's blocks: scores (R × |K|), weights p, P·V (R × Dv), dot costs and raw scores (float64),
    /// and one row of o in float64 (Dv).
    final class Scratch {
        let s: UnsafeMutablePointer<A>, p: UnsafeMutablePointer<A>, acc: UnsafeMutablePointer<A>
        let absDot: UnsafeMutablePointer<Double>, raw: UnsafeMutablePointer<Double>, oRow: UnsafeMutablePointer<Double>
        /// The float64 scores, weights and floor scales (R × |K|, R × |K|, R × Dv).
        let s64: UnsafeMutablePointer<Double>, p64: UnsafeMutablePointer<Double>, scale64: UnsafeMutablePointer<Double>

        init(rows: Int, keys: Int, valueDim: Int) {
            oRow = .allocate(capacity: valueDim)
            s64 = .allocate(capacity: rows * keys)
            p64 = .allocate(capacity: rows * keys)
            scale64 = .allocate(capacity: rows * valueDim)
            s = .allocate(capacity: rows * keys)
            p = .allocate(capacity: rows * keys)
            acc = .allocate(capacity: rows * valueDim)
            absDot = .allocate(capacity: rows * keys)
            raw = .allocate(capacity: rows * keys)
        }

        deinit {
            s.deallocate()
            p.deallocate()
            acc.deallocate()
            absDot.deallocate()
            raw.deallocate()
            oRow.deallocate()
            s64.deallocate()
            p64.deallocate()
            scale64.deallocate()
        }
    }

    func run(workers: Int) -> BaselineAttention.Result {
        let oCount = d.batch * d.queryLength * d.queryHeads * d.valueDim
        let lseCount = d.batch * d.queryHeads * d.queryLength
        var o = [Double](repeating: 0, count: oCount), lse = [Double](repeating: -.infinity, count: lseCount)
        var oCost = [Double](repeating: 0, count: oCount), lseCost = [Double](repeating: 0, count: lseCount)
        var oNormalization = [Double](repeating: 0, count: oCount)
        var oBound = [Double](repeating: 0, count: oCount), lseBound = [Double](repeating: 0, count: lseCount)
        var oScale = [Double](repeating: 0, count: oCount), lseScale = [Double](repeating: 0, count: lseCount)
        let bounds = (0 ..< d.batch).map { RowBounds.table(mask: args.mask, batch: $0, dims: d) }
        let blocks = (d.queryLength + rowsPerBlock - 1) / rowsPerBlock
        let items = d.batch * d.queryHeads * blocks
        let threads = max(1, min(workers, items))
        o.withUnsafeMutableBufferPointer { o in lse.withUnsafeMutableBufferPointer { lse in
            oCost.withUnsafeMutableBufferPointer { oCost in lseCost.withUnsafeMutableBufferPointer { lseCost in
                oNormalization.withUnsafeMutableBufferPointer { oNormalization in
                oBound.withUnsafeMutableBufferPointer { oBound in lseBound.withUnsafeMutableBufferPointer { lseBound in
                oScale.withUnsafeMutableBufferPointer { oScale in lseScale.withUnsafeMutableBufferPointer { lseScale in
                    let out = Outputs(o: o, lse: lse, oCost: oCost, lseCost: lseCost, oNormalization: oNormalization,
                                      oBound: oBound, lseBound: lseBound, oScale: oScale, lseScale: lseScale)
                    ParallelWorkers.run(threads) { w in
                        let scratch = Scratch(rows: rowsPerBlock, keys: d.keyLength, valueDim: d.valueDim)
                        for item in stride(from: w, to: items, by: threads) {
                            let b = item / (d.queryHeads * blocks), h = item / blocks % d.queryHeads
                            block(batch: b, head: h, firstQuery: item % blocks * rowsPerBlock, bounds: bounds[b],
                                  scratch: scratch, out: out)
                        }
                    }
                }}
                }}
                }
            }}
        }}
        return BaselineAttention.Result(
            o: Tensor(shape: d.outputShape, elements: o), lse: Tensor(shape: d.lseShape, elements: lse),
            oScoreRounding: Tensor(shape: d.outputShape, elements: oCost),
            lseScoreRounding: Tensor(shape: d.lseShape, elements: lseCost),
            oNormalization: Tensor(shape: d.outputShape, elements: oNormalization),
            oForwardBound: Tensor(shape: d.outputShape, elements: oBound),
            lseForwardBound: Tensor(shape: d.lseShape, elements: lseBound),
            oFloorScale: Tensor(shape: d.outputShape, elements: oScale),
            lseFloorScale: Tensor(shape: d.lseShape, elements: lseScale))
    }

    /// Query positions `i0 ..< i0 + R` of batch entry `b`, query head `h`.
    func block(batch b: Int, head h: Int, firstQuery i0: Int, bounds: [RowBounds], scratch: Scratch, out: Outputs) {
        let queries = i0 ..< min(i0 + rowsPerBlock, d.queryLength)
        guard let keys = RowBounds.union(bounds[queries]) else { return }
        let R = queries.count, N = keys.count, D = d.headDim, Dv = d.valueDim
        let kvh = d.keyValueHead(forQueryHead: h)
        let qOffset = ((b * d.queryLength + i0) * d.queryHeads + h) * D
        let kOffset = ((b * d.keyLength + keys.lowerBound) * d.keyValueHeads + kvh) * D
        let vOffset = ((b * d.keyLength + keys.lowerBound) * d.keyValueHeads + kvh) * Dv
        let (s, p, acc, absDot, raw) = (scratch.s, scratch.p, scratch.acc, scratch.absDot, scratch.raw)
        q.withUnsafeBufferPointer { q in k.withUnsafeBufferPointer { k in
            A.gemm(m: R, n: N, k: D, alpha: 1, a: q.baseAddress! + qOffset, lda: d.queryHeads * D,
                   b: k.baseAddress! + kOffset, ldb: d.keyValueHeads * D, transposeB: true, beta: 0, c: s, ldc: N)
        }}
        qAbs.withUnsafeBufferPointer { q in kAbs.withUnsafeBufferPointer { k in
            Double.gemm(m: R, n: N, k: D, alpha: 1, a: q.baseAddress! + qOffset, lda: d.queryHeads * D,
                        b: k.baseAddress! + kOffset, ldb: d.keyValueHeads * D, transposeB: true, beta: 0, c: absDot, ldc: N)
        }}
        let scale = A(args.effectiveScale)
        var sums = [A](repeating: 0, count: R), maxima = [A](repeating: -.infinity, count: R)
        floatScores(rows: R, keys: keys, scratch: scratch, offsets: (qOffset, kOffset))
        var rowMax64 = [Double](repeating: -.infinity, count: R)
        for r in 0 ..< R {
            let i = i0 + r, row = s + r * N, rb = bounds[i]
            for c in 0 ..< N { p[r * N + c] = 0 }
            for c in 0 ..< N { scratch.p64[r * N + c] = 0 }
            guard !rb.isEmpty else { continue }
            for c in max(rb.lo, keys.lowerBound) - keys.lowerBound ..< min(rb.hi, keys.upperBound) - keys.lowerBound {
                row[c] = scale * row[c]
                raw[r * N + c] = Double(row[c])
                var slope = 1.0
                if let cap = rules.softcap {
                    let t = Foundation.tanh(Double(row[c]) / Double(cap))
                    slope = 1 - t * t
                }
                absDot[r * N + c] = abs(Double(scale)) * absDot[r * N + c] * slope // now the dot cost
            }
            // This row's bias and boolean mask, read once for both the float64 floor row and the `A` row.
            let bias64 = bias.map { t in keys.map { t.element(batch: b, head: h, query: i, key: $0) } }
            let maskRow = args.mask.boolean.map { t in keys.map { t.element(batch: b, head: h, query: i, key: $0) } }
            rowMax64[r] = floorWeights(row: r, keys: keys, bounds: rb, head: h, bias: bias64, mask: maskRow, scratch: scratch)
            let biasRow = bias64.map { $0.map { A($0) } }
            biasRow.withOptionalPointer { bp in maskRow.withOptionalPointer { mp in
                _ = rules.finish(row: row, first: keys.lowerBound, keys: keys, bounds: rb, head: h, bias: bp, mask: mp)
            }}
            // As in `run`: the maximum over non-NaN scores; NaN scores are not `> -inf`.
            var m = -A.infinity
            for c in 0 ..< N { m = max(m, row[c]) }
            guard m > -A.infinity else { continue }
            var l: A = 0
            for c in 0 ..< N where row[c] > -A.infinity {
                let e = A.libraryExponential(row[c] - m)
                l += e
                p[r * N + c] = e
            }
            sums[r] = l
            maxima[r] = m
        }
        v.withUnsafeBufferPointer { v in
            A.gemm(m: R, n: Dv, k: N, alpha: 1, a: p, lda: N, b: v.baseAddress! + vOffset, ldb: d.keyValueHeads * Dv,
                   transposeB: false, beta: 0, c: acc, ldc: Dv)
        }
        floorScaleSums(rows: R, keys: keys, scratch: scratch, valueOffset: vOffset)
        let u = Double(A.ulpOfOne) / 2
        let forward = ForwardErrorBound(accumulationUnitRoundoff: u)
        let oRow = scratch.oRow
        v.withUnsafeBufferPointer { v in
            for r in 0 ..< R where maxima[r] > -A.infinity {
                let i = i0 + r, row = s + r * N, l = sums[r], m = maxima[r]
                let oBase = ((b * d.queryLength + i) * d.queryHeads + h) * Dv
                let lseIndex = (b * d.queryHeads + h) * d.queryLength + i
                for e in 0 ..< Dv {
                    oRow[e] = Double(acc[r * Dv + e] / l)
                    out.o[oBase + e] = BaselineAttention.round(oRow[e], to: args.dtype)
                }
                out.lse[lseIndex] = Double(m + A.logarithm(l))
                var visible = 0
                for c in 0 ..< N where row[c] > -A.infinity { visible += 1 }
                let normalization = u * Double(visible).squareRoot()
                for e in 0 ..< Dv { out.oNormalization[oBase + e] = normalization * abs(oRow[e]) }
                out.lseScale[lseIndex] = ElementFloor.logSumExpScale(rowMax: rowMax64[r], visibleKeys: visible)
                for e in 0 ..< Dv { out.oScale[oBase + e] = scratch.scale64[r * Dv + e] }
                let sumError = forward.weightedSumError(visibleKeys: visible)
                var lseCost = 0.0, lseBound = 0.0
                for c in 0 ..< N where row[c] > -A.infinity {
                    let pj = Double(p[r * N + c]) / Double(l), sj = Double(row[c])
                    let weight = u * pj * (absDot[r * N + c] + abs(sj))
                    let epsilon = pj * forward.weightError(headDim: D, dotCost: absDot[r * N + c], raw: raw[r * N + c],
                                                           s: sj, m: Double(m))
                    let tail = pj * sumError
                    lseCost += weight
                    lseBound += epsilon
                    // Independent per e (no reordering): the loop vectorizes over raw pointers.
                    let vj = v.baseAddress! + vOffset + c * d.keyValueHeads * Dv
                    let oc = out.oCost.baseAddress! + oBase, ob = out.oBound.baseAddress! + oBase
                    for e in 0 ..< Dv {
                        let x = Double(vj[e]), gap = abs(x - oRow[e])
                        oc[e] += weight * gap
                        ob[e] += epsilon * gap + tail * abs(x)
                    }
                }
                out.lseCost[lseIndex] = lseCost
                for e in 0 ..< Dv {
                    out.oBound[oBase + e] = forward.output(rowSum: out.oBound[oBase + e], o: oRow[e],
                                                           visibleKeys: visible, dtype: args.dtype)
                }
                out.lseBound[lseIndex] = forward.logSumExp(rowSum: lseBound, lse: out.lse[lseIndex],
                                                           visibleKeys: visible, dtype: args.dtype)
            }
        }
    }
}

extension BlockedBaseline {
    // Policy v4's floor scales (`ElementFloor`), float64, as `run` forms them: the scores in float64,
    // the score rules, p64 = exp(s64 - m64) / l64 over the keys a row sees, and Σ_j p64_j·|v_j[e]|.

    /// The float64 scores of a block's rows, unscaled: `scratch.s64 = Q·Kᵀ` (dgemm).
    func floatScores(rows R: Int, keys: Range<Int>, scratch: Scratch, offsets: (q: Int, k: Int)) {
        let N = keys.count, D = d.headDim
        q64.withUnsafeBufferPointer { q in k64.withUnsafeBufferPointer { k in
            Double.gemm(m: R, n: N, k: D, alpha: 1, a: q.baseAddress! + offsets.q, lda: d.queryHeads * D,
                        b: k.baseAddress! + offsets.k, ldb: d.keyValueHeads * D, transposeB: true, beta: 0, c: scratch.s64, ldc: N)
        }}
    }

    /// Row `r` of `scratch.s64` scaled and finished by the score rules, and its weights p64 into
    /// `scratch.p64` (zeros on entry); returns the row's m64.
    func floorWeights(row r: Int, keys: Range<Int>, bounds rb: RowBounds, head h: Int, bias: [Double]?, mask: [Bool]?,
                      scratch: Scratch) -> Double {
        let N = keys.count, row = scratch.s64 + r * N, p64 = scratch.p64 + r * N
        let scale = args.effectiveScale
        for c in max(rb.lo, keys.lowerBound) - keys.lowerBound ..< min(rb.hi, keys.upperBound) - keys.lowerBound {
            row[c] = scale * row[c]
        }
        let m = bias.withOptionalPointer { bp in mask.withOptionalPointer { mp in
            rules64.finish(row: row, first: keys.lowerBound, keys: keys, bounds: rb, head: h, bias: bp, mask: mp)
        }}
        var l = 0.0
        for c in 0 ..< N where row[c] > -.infinity {
            p64[c] = Foundation.exp(row[c] - m)
            l += p64[c]
        }
        for c in 0 ..< N { p64[c] /= l }
        return m
    }

    /// `scratch.scale64 = P64 · |V|` (dgemm): Σ_j p64_j·|v_j[e]| for each row of the block.
    func floorScaleSums(rows R: Int, keys: Range<Int>, scratch: Scratch, valueOffset: Int) {
        let Dv = d.valueDim
        vAbs.withUnsafeBufferPointer { v in
            Double.gemm(m: R, n: Dv, k: keys.count, alpha: 1, a: scratch.p64, lda: keys.count, b: v.baseAddress! + valueOffset,
                        ldb: d.keyValueHeads * Dv, transposeB: false, beta: 0, c: scratch.scale64, ldc: Dv)
        }
    }
}

private extension Optional {
    /// Calls `body` with a pointer to the array's elements, or nil.
    func withOptionalPointer<T, R>(_ body: (UnsafePointer<T>?) -> R) -> R where Wrapped == [T] {
        guard let array = self else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
