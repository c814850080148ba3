import AttestCore
import AttestTensor

/// Attention from two GEMMs per chunk of query rows, with the score rules and
/// the softmax row by row in between.
///
/// For each batch entry b and kv head (its GQA group of G = Hq/Hkv query heads
/// processed together) and each chunk of `max(1, rowsPerChunk / G)` query
/// positions (M = chunk·G score rows, ordered query-major, head-minor), over
/// the keys `K` that any row of the chunk can see (`RowBounds`):
///
///     S[M×|K|] = scale · Q[M×D] · K[|K|×D]ᵀ        GEMM (sgemm / dgemm)
///     S        = softcap, bias, ALiBi, masks        row by row (`ScoreRules`)
///     P        = exp(S - rowmax) / Σ exp(S - rowmax), lse = rowmax + log Σ
///     O[M×Dv]  = P · V[|K|×Dv]                      GEMM
///
/// Memory is O(M × Skv) for scores (never Sq × Skv). A row with no visible
/// key gets o = 0 and lse = -inf.
///
/// Shapes: q `[B, Sq, Hq, D]`, k `[B, Skv, Hkv, D]`, v `[B, Skv, Hkv, Dv]`,
/// o `[B, Sq, Hq, Dv]`, lse `[B, Hq, Sq]`, any strides; o and lse in any element type.
///
/// Precision: float32 inputs use sgemm (float32 accumulation) and a float32
/// softmax (`Float.fastExp`, sums ordered as in `TileMath.exponentiate`);
/// float64 inputs use dgemm and a float64 softmax (C library `exp`). GEMM
/// summation order is OpenBLAS's (fixed for a given build, thread count and
/// GEMM shape, so repeated runs are bit-identical; a different chunking or
/// GQA grouping may round differently). o and lse are rounded once to their
/// buffers' element types. float16/bfloat16 are not supported.
public struct BLASAttention: AttentionKernel {
    /// Target number of score rows (query positions × group heads) per GEMM.
    public let rowsPerChunk: Int

    public init(rowsPerChunk: Int = 256) {
        precondition(rowsPerChunk >= 1, "rowsPerChunk must be at least 1, got \(rowsPerChunk)")
        self.rowsPerChunk = rowsPerChunk
    }

    public var name: String { "blas" }
    public var capabilities: KernelCapabilities {
        KernelCapabilities(dtypes: [.float32, .float64], features: Set(AttentionFeature.allCases))
    }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try checkCall(self, args, output)
        let d = args.dims
        // GEMM sizes and leading dimensions: M <= chunk·G, N <= Skv, K in {D, N}, ld in {D, Dv, N}.
        let rows = min(max(1, rowsPerChunk / d.groupSize), d.queryLength) * d.groupSize
        guard [rows, d.keyLength, d.headDim, d.valueDim].allSatisfy(BLAS.fits) else {
            throw AttestError.notSupported(kernel: name, reason: "sizes \(d) exceed OpenBLAS's 32-bit blasint")
        }
        switch args.dtype {
        case .float32: BLASPass<Float>(args, rowsPerChunk: rowsPerChunk).run(into: output)
        case .float64: BLASPass<Double>(args, rowsPerChunk: rowsPerChunk).run(into: output)
        case .float16, .bfloat16:
            throw AttestError.notSupported(kernel: name, reason: "element type \(args.dtype) (supports float32, float64)")
        }
    }
}

/// One forward call of `BLASAttention` in accumulation type `S`.
struct BLASPass<S: BLASScalar> {
    let args: AttentionArguments
    let dims: AttentionDims
    /// Query positions per chunk.
    let chunk: Int
    /// `[B, Hkv, Sq, G, D]`
    let q: ScratchBuffer<S>
    /// `[B, Hkv, Skv, D]`
    let k: ScratchBuffer<S>
    /// `[B, Hkv, Skv, Dv]`
    let v: ScratchBuffer<S>
    let rules: ScoreRules<S>
    /// The non-finite elements of v, by kv group `b·Hkv + kvh`: (key, e, value).
    /// They are 0 in `v`, so the GEMM `P·V` never forms `0·NaN` or `0·inf` for
    /// keys a row cannot see (masked values cannot leak into o); rows whose
    /// weight for that key is not 0 get `p·value` added after the GEMM.
    let nonFiniteValues: [Int: [(key: Int, e: Int, value: S)]]

    init(_ args: AttentionArguments, rowsPerChunk: Int) {
        self.args = args
        dims = args.dims
        chunk = min(max(1, rowsPerChunk / dims.groupSize), dims.queryLength)
        q = args.q.packed(.grouped(dims.groupSize))
        k = args.k.packed(.rows)
        v = args.v.packed(.rows)
        rules = ScoreRules(args: args, foldedScale: true)
        var nonFinite: [Int: [(key: Int, e: Int, value: S)]] = [:]
        let v = self.v, skv = dims.keyLength, dv = dims.valueDim
        for index in 0 ..< v.count where !v.pointer[index].isFinite {
            nonFinite[index / (skv * dv), default: []].append((index / dv % skv, index % dv, v.pointer[index]))
            v.pointer[index] = 0
        }
        nonFiniteValues = nonFinite
    }

    /// Runs every work item (batch entry b, kv head, chunk of query positions)
    /// and writes o and lse into `output`. With `workers > 1` the items are
    /// dealt round-robin to that many threads (`ParallelWorkers`), each with
    /// its own scratch; an item's arithmetic does not depend on which thread
    /// runs it, so the result has the same bits for every worker count.
    func run(into output: AttentionOutput, workers: Int = 1) {
        let d = dims
        let out = KernelOutputs<S>(dims: d) // starts as o = 0, lse = -inf: fully masked rows stay so
        let bounds = (0 ..< d.batch).map { RowBounds.table(mask: args.mask, batch: $0, dims: d) }
        let chunks = (d.queryLength + chunk - 1) / chunk
        let items = d.batch * d.keyValueHeads * chunks
        let threads = max(1, min(workers, items))
        ParallelWorkers.run(threads) { w in
            let scratch = Scratch(self)
            for item in stride(from: w, to: items, by: threads) {
                let b = item / (d.keyValueHeads * chunks), kvh = item / chunks % d.keyValueHeads
                runChunk(batch: b, kvHead: kvh, firstQuery: item % chunks * chunk, bounds: bounds[b],
                         scratch: scratch, out: out)
            }
        }
        out.write(into: output)
    }

    /// One worker's buffers: scores (then probabilities), P·V, and the gathered bias and mask.
    final class Scratch {
        let scores: ScratchBuffer<S>, values: ScratchBuffer<S>
        let bias: ScratchBuffer<S>?, mask: ScratchBuffer<Bool>?

        init(_ pass: BLASPass) {
            let maxRows = pass.chunk * pass.dims.groupSize, n = pass.dims.keyLength
            scores = ScratchBuffer(count: maxRows * n, repeating: 0)
            values = ScratchBuffer(count: maxRows * pass.dims.valueDim, repeating: 0)
            bias = pass.args.bias.map { _ in ScratchBuffer(count: maxRows * n, repeating: 0) }
            mask = pass.args.mask.boolean.map { _ in ScratchBuffer(count: maxRows * n, repeating: false) }
        }
    }

    /// The query positions `i0 ..< i0 + chunk` of batch entry `b` and the GQA group of kv head `kvh`.
    func runChunk(batch b: Int, kvHead kvh: Int, firstQuery i0: Int, bounds: [RowBounds], scratch: Scratch,
                  out: KernelOutputs<S>) {
        let d = dims
        let G = d.groupSize, D = d.headDim, Dv = d.valueDim, Skv = d.keyLength
        let scores = scratch.scores, values = scratch.values, bias = scratch.bias, mask = scratch.mask
        let scale = S(args.effectiveScale)
        let heads = kvh * G ..< (kvh + 1) * G
        let queries = i0 ..< min(i0 + chunk, d.queryLength)
        guard let keys = RowBounds.union(bounds[queries]) else { return }
        let M = queries.count * G, N = keys.count
        let group = b * d.keyValueHeads + kvh
        S.gemm(m: M, n: N, k: D, alpha: scale, a: q.pointer + (group * d.queryLength + i0) * G * D, lda: D,
               b: k.pointer + (group * Skv + keys.lowerBound) * D, ldb: D, transposeB: true,
               beta: 0, c: scores.pointer, ldc: N)
        if let biasTensor = args.bias, let bias {
            ScoreInputs.gatherBias(biasTensor, batch: b, heads: heads, queries: queries, keys: keys,
                                   rowLength: N, into: bias.pointer)
        }
        if let maskTensor = args.mask.boolean, let mask {
            ScoreInputs.gatherMask(maskTensor, batch: b, heads: heads, queries: queries, keys: keys,
                                   rowLength: N, into: mask.pointer)
        }
        for r in 0 ..< M {
            let i = i0 + r / G, h = kvh * G + r % G
            let row = scores.pointer + r * N
            let rowMax = rules.finish(row: row, first: keys.lowerBound, keys: keys, bounds: bounds[i], head: h,
                                      bias: bias.map { UnsafePointer($0.pointer + r * N) },
                                      mask: mask.map { UnsafePointer($0.pointer + r * N) })
            guard rowMax != -S.infinity else { // NaN runs on: a NaN score makes the row NaN
                row.update(repeating: 0, count: N) // P = 0; o is set to 0 below
                continue
            }
            out.lse[out.lseIndex(batch: b, head: h, query: i)] = softmaxInPlace(row, count: N, max: rowMax)
        }
        S.gemm(m: M, n: Dv, k: N, alpha: 1, a: scores.pointer, lda: N,
               b: v.pointer + (group * Skv + keys.lowerBound) * Dv, ldb: Dv, transposeB: false,
               beta: 0, c: values.pointer, ldc: Dv)
        for (key, e, value) in nonFiniteValues[group] ?? [] where keys.contains(key) {
            for r in 0 ..< M {
                let p = scores.pointer[r * N + key - keys.lowerBound]
                if p != 0 { values.pointer[r * Dv + e] += p * value }
            }
        }
        for r in 0 ..< M {
            let i = i0 + r / G, h = kvh * G + r % G
            guard out.lse[out.lseIndex(batch: b, head: h, query: i)] != -S.infinity else { continue }
            out.oRow(batch: b, query: i, head: h).update(from: values.pointer + r * Dv, count: Dv)
        }
    }

    /// Replaces `row[0 ..< count]` by `exp(s - max) / Σ exp(s - max)` and
    /// returns `lse = max + log Σ exp(s - max)`; the sum is in `S`, ordered
    /// as in `TileMath.exponentiate`.
    @inline(__always)
    func softmaxInPlace(_ row: UnsafeMutablePointer<S>, count: Int, max rowMax: S) -> S {
        let sum = TileMath.exponentiate(row, count: count, subtracting: rowMax)
        let inverse = 1 / sum
        for c in 0 ..< count { row[c] *= inverse }
        return rowMax + S.logarithm(sum)
    }
}
