import AttestCore
import AttestTensor

/// A FlashAttention-style forward: query blocks × key blocks with an online
/// softmax, never forming more than one `keyBlock`-long score row at a time.
///
/// For each batch entry b, query head h (kv head `h / (Hq/Hkv)`) and block of
/// `queryBlock` queries, it walks the blocks of `keyBlock` keys that any row
/// of the query block can see (`RowBounds`: key blocks that are fully masked
/// for a row are skipped for that row) and for each row keeps
///
///     m   running max of the finished scores seen so far   (-inf before any visible key)
///     l   running Σ exp(s - m)
///     acc running Σ exp(s - m) · v[j, :]                   (Dv entries)
///
/// merging a block with max m_b as `m' = max(m, m_b)`, `α = exp(m - m')`
/// (α = 0 when m = -inf, which is never evaluated as `exp(-inf - -inf)`),
/// `l' = α·l + Σ exp(s - m')`, `acc' = α·acc + Σ exp(s - m')·v`; a block
/// whose scores are all -inf for a row leaves the row unchanged. At the end
/// `o = acc / l` and `lse = m + log(l)`; a row with no visible key keeps
/// l = 0 and gets o = 0, lse = -inf.
///
/// Shapes: q `[B, Sq, Hq, D]`, k `[B, Skv, Hkv, D]`, v `[B, Skv, Hkv, Dv]`,
/// o `[B, Sq, Hq, Dv]`, lse `[B, Hq, Sq]`, any strides and element types.
///
/// Precision: float32, float16 and bfloat16 inputs are widened exactly to
/// Float once (q as `[B, Hq, Sq, D]`, k transposed as `[B, Hkv, D, Skv]`, v as
/// `[B, Hkv, Skv, Dv]`); every dot product (summed over d = 0, 1, …), score
/// rule, max, exponential (`Float.fastExp`), running sum and weighted sum is in Float.
/// float64 inputs do all of that in Double. o and lse are rounded once to
/// their buffers' element types. The result is deterministic: the order of
/// every sum depends only on the shapes, masks and block sizes.
public struct TiledAttention: AttentionKernel {
    /// Queries per block (rows sharing each loaded key block).
    public let queryBlock: Int
    /// Keys per block (length of the score row held at once).
    public let keyBlock: Int

    public init(queryBlock: Int = 64, keyBlock: Int = 64) {
        precondition(queryBlock >= 1 && keyBlock >= 1, "block sizes must be at least 1, got \(queryBlock)x\(keyBlock)")
        self.queryBlock = queryBlock
        self.keyBlock = keyBlock
    }

    public var name: String { "tiled" }
    public var capabilities: KernelCapabilities { .complete }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try checkCall(self, args, output)
        switch args.dtype {
        case .float64: TiledPass<Double>(args, queryBlock: queryBlock, keyBlock: keyBlock).run(into: output)
        case .float32, .float16, .bfloat16:
            TiledPass<Float>(args, queryBlock: queryBlock, keyBlock: keyBlock).run(into: output)
        }
    }
}

/// One forward call of `TiledAttention` in accumulation type `S`.
struct TiledPass<S: KernelScalar> {
    let args: AttentionArguments
    let dims: AttentionDims
    let blockQ: Int
    let blockK: Int
    /// `[B, Hq, Sq, D]`
    let q: ScratchBuffer<S>
    /// `[B, Hkv, D, Skv]`
    let kT: ScratchBuffer<S>
    /// `[B, Hkv, Skv, Dv]`
    let v: ScratchBuffer<S>
    let rules: ScoreRules<S>

    init(_ args: AttentionArguments, queryBlock: Int, keyBlock: Int) {
        self.args = args
        dims = args.dims
        blockQ = min(queryBlock, dims.queryLength)
        blockK = min(keyBlock, dims.keyLength)
        q = args.q.packed(.rows)
        kT = args.k.packed(.transposed)
        v = args.v.packed(.rows)
        rules = ScoreRules(args: args, foldedScale: false)
    }

    func run(into output: AttentionOutput) {
        let d = dims
        let out = KernelOutputs<S>(dims: d)
        let state = BlockState<S>(rows: blockQ, valueDim: d.valueDim, keyBlock: blockK, keyLength: d.keyLength,
                                  bias: args.bias != nil, mask: args.mask.boolean != nil)
        for b in 0 ..< d.batch {
            let bounds = RowBounds.table(mask: args.mask, batch: b, dims: d)
            for h in 0 ..< d.queryHeads {
                for i0 in stride(from: 0, to: d.queryLength, by: blockQ) {
                    let i1 = min(i0 + blockQ, d.queryLength)
                    state.reset(rows: i1 - i0)
                    if let keys = RowBounds.union(bounds[i0 ..< i1]) {
                        queryBlock(batch: b, head: h, queries: i0 ..< i1, keys: keys, bounds: bounds, state: state)
                    }
                    for r in 0 ..< i1 - i0 {
                        out.finishRow(batch: b, query: i0 + r, head: h, accumulator: state.acc.pointer + r * d.valueDim,
                                      max: state.m[r], sum: state.l[r])
                    }
                }
            }
        }
        out.write(into: output)
    }

    /// Runs the online softmax of one query block over the key blocks of `keys`.
    func queryBlock(batch b: Int, head h: Int, queries: Range<Int>, keys: Range<Int>, bounds: [RowBounds],
                    state: BlockState<S>) {
        let d = dims
        let rowLength = keys.count
        if let bias = args.bias, let buffer = state.bias {
            ScoreInputs.gatherBias(bias, batch: b, heads: h ..< h + 1, queries: queries, keys: keys,
                                   rowLength: rowLength, into: buffer.pointer)
        }
        if let mask = args.mask.boolean, let buffer = state.mask {
            ScoreInputs.gatherMask(mask, batch: b, heads: h ..< h + 1, queries: queries, keys: keys,
                                   rowLength: rowLength, into: buffer.pointer)
        }
        let kvh = d.keyValueHead(forQueryHead: h)
        let D = d.headDim, Dv = d.valueDim, Skv = d.keyLength
        let kBase = kT.pointer + (b &* d.keyValueHeads &+ kvh) &* D &* Skv
        let vBase = v.pointer + (b &* d.keyValueHeads &+ kvh) &* Skv &* Dv
        let qBlock = q.pointer + ((b &* d.queryHeads &+ h) &* d.queryLength &+ queries.lowerBound) &* D
        let tile = state.scores.pointer
        for j0 in stride(from: keys.lowerBound, to: keys.upperBound, by: blockK) {
            let j1 = min(j0 + blockK, keys.upperBound)
            // Rows of the query block that see any key of this key block.
            var first = -1, last = -1
            for r in 0 ..< queries.count {
                let rb = bounds[queries.lowerBound + r]
                if max(rb.lo, j0) < min(rb.hi, j1) {
                    if first < 0 { first = r }
                    last = r
                }
            }
            guard first >= 0 else { continue } // the whole key block is masked for this query block
            // tile[r, c] = Σ_x q[i0 + r, x] · k[j0 + c, x], summed in x order.
            TileMath.scores(q: qBlock + first &* D, rows: last - first + 1, kT: kBase + j0, ldk: Skv, headDim: D,
                            keys: j1 - j0, into: tile + first &* blockK, lds: blockK)
            for r in first ... last {
                let rb = bounds[queries.lowerBound + r]
                let lo = max(rb.lo, j0), hi = min(rb.hi, j1)
                guard lo < hi else { continue } // this key block is fully masked for this row
                let n = hi &- lo
                let s = tile + (r &* blockK &+ (lo &- j0))
                let inputs = r &* rowLength &+ (lo &- keys.lowerBound)
                let blockMax = rules.finish(row: s, first: lo, keys: lo ..< hi, bounds: rb, head: h,
                                            bias: state.bias.map { UnsafePointer($0.pointer + inputs) },
                                            mask: state.mask.map { UnsafePointer($0.pointer + inputs) })
                let acc = state.acc.pointer + r &* Dv
                guard OnlineSoftmax.absorb(scores: s, count: n, blockMax: blockMax, max: state.m.pointer + r,
                                           sum: state.l.pointer + r, accumulator: acc, width: Dv) else { continue }
                // acc += Σ_c p_c · v[lo + c, :], in key order, skipping p_c = 0.
                TileMath.accumulate(weights: s, keys: n, values: vBase + lo &* Dv, valueDim: Dv, into: acc)
            }
        }
    }
}

/// The per-query-block working set of `TiledPass`: running max, running sum
/// and accumulator per row, one score row, and the bias/mask rows of the block.
final class BlockState<S: KernelScalar> {
    let m: ScratchBuffer<S>
    let l: ScratchBuffer<S>
    /// `[rows, Dv]`
    let acc: ScratchBuffer<S>
    /// `[rows, keyBlock]` scores, then weights, of one tile
    let scores: ScratchBuffer<S>
    /// `[rows, ≤ Skv]` bias rows of the block, when there is a bias.
    let bias: ScratchBuffer<S>?
    /// `[rows, ≤ Skv]` boolean mask rows of the block, when there is a mask.
    let mask: ScratchBuffer<Bool>?
    let valueDim: Int

    init(rows: Int, valueDim: Int, keyBlock: Int, keyLength: Int, bias: Bool, mask: Bool) {
        m = ScratchBuffer(count: rows, repeating: -.infinity)
        l = ScratchBuffer(count: rows, repeating: 0)
        acc = ScratchBuffer(count: rows * valueDim, repeating: 0)
        scores = ScratchBuffer(count: rows * keyBlock, repeating: 0)
        self.bias = bias ? ScratchBuffer(count: rows * keyLength, repeating: 0) : nil
        self.mask = mask ? ScratchBuffer(count: rows * keyLength, repeating: false) : nil
        self.valueDim = valueDim
    }

    /// Back to "no key seen" for the first `rows` rows.
    func reset(rows: Int) {
        m.fill(-.infinity, count: rows)
        l.fill(0, count: rows)
        acc.fill(0, count: rows * valueDim)
    }
}
