import AttestCore
import AttestTensor
import Dispatch

/// One forward call of `FlashAttention` in accumulation type `S`: the packed inputs, read by every
/// thread, and the outputs, of which each work item writes its own rows.
///
/// Sendable by construction rather than by type: after `init` the buffers are
/// only read, except `out`, where work items write disjoint rows of o and lse.
struct FlashPass<S: KernelScalar>: @unchecked Sendable {
    let args: AttentionArguments
    let dims: AttentionDims
    let blockQ: Int
    let blockK: Int
    let skipsMaskedBlocks: Bool
    /// Dv rounded up to `FlashMath.lanes(S.self)`: the row length of `v` and of the accumulators.
    let ldv: Int
    /// `[B, Hkv, ⌈Skv/L⌉, D, L]` key panels, L = `FlashMath.lanes(S.self)` (`packedKeyPanels`).
    let k: ScratchBuffer<S>
    /// `[B, Hkv, Skv, ldv]`, features past Dv set to 0.
    let v: ScratchBuffer<S>
    /// Whether every value of key block `kb` of kv group `b·Hkv + kvh` is
    /// finite, at `(b·Hkv + kvh)·keyBlocks + kb`; when not, that block's
    /// weighted sum skips zero weights row by row (no 0·NaN).
    let finiteValueBlocks: [Bool]
    /// `RowBounds.table` of each batch entry.
    let bounds: [[RowBounds]]
    let rules: ScoreRules<S>
    let out: KernelOutputs<S>

    init(_ args: AttentionArguments, queryBlock: Int, keyBlock: Int, skipsMaskedBlocks: Bool) {
        self.args = args
        let d = args.dims
        dims = d
        blockQ = min(queryBlock, d.queryLength)
        blockK = keyBlock
        self.skipsMaskedBlocks = skipsMaskedBlocks
        let lanes = FlashMath.lanes(S.self)
        ldv = (d.valueDim + lanes - 1) / lanes * lanes
        k = args.k.packedKeyPanels()
        v = args.v.packedRows(width: ldv)
        let keyBlocks = (d.keyLength + keyBlock - 1) / keyBlock
        let (values, skv, width) = (v, d.keyLength, ldv)
        finiteValueBlocks = (0 ..< d.batch * d.keyValueHeads * keyBlocks).map { index in
            let group = index / keyBlocks, j0 = index % keyBlocks * keyBlock, j1 = min(j0 + keyBlock, skv)
            let start = values.pointer + (group * skv + j0) * width
            return UnsafeBufferPointer(start: start, count: (j1 - j0) * width).allSatisfy(\.isFinite)
        }
        bounds = (0 ..< d.batch).map { RowBounds.table(mask: args.mask, batch: $0, dims: d) }
        rules = ScoreRules(args: args, foldedScale: false)
        out = KernelOutputs<S>(dims: d)
    }

    var queryBlocks: Int { (dims.queryLength + blockQ - 1) / blockQ }
    var keyBlocks: Int { (dims.keyLength + blockK - 1) / blockK }
    /// Work items: (b, h, query block), query block fastest.
    var items: Int { dims.batch * dims.queryHeads * queryBlocks }

    /// Computes every work item on `threads` threads (thread t takes items
    /// t, t + threads, …: neighbouring query blocks of a head run side by
    /// side and share its keys and values in cache), then writes `output`.
    func run(threads: Int, into output: AttentionOutput) {
        let workers = max(1, min(threads, items))
        if workers == 1 {
            let scratch = FlashScratch(self)
            for item in 0 ..< items { compute(item: item, scratch) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let scratch = FlashScratch(self)
                for item in stride(from: worker, to: items, by: workers) { compute(item: item, scratch) }
            }
        }
        out.write(into: output)
    }

    /// The online softmax of one (b, h, query block) over its key blocks, then its rows of o and lse.
    func compute(item: Int, _ scratch: FlashScratch<S>) {
        let qb = item % queryBlocks, h = item / queryBlocks % dims.queryHeads, b = item / queryBlocks / dims.queryHeads
        let i0 = qb * blockQ, rows = min(blockQ, dims.queryLength - i0)
        scratch.reset(rows: rows)
        // This block's query rows, widened and contiguous `[rows, D]`: q is packed one work item at a time,
        // so the call never holds a second copy of it.
        let st = args.q.strides, D = dims.headDim
        args.q.gather(axes: [CopyAxis(count: rows, source: st[1], destination: D), CopyAxis(count: D, source: st[3], destination: 1)],
                      extraOffset: b * st[0] + h * st[2] + i0 * st[1], into: scratch.q.pointer)
        let rowBounds = bounds[b]
        let keys = skipsMaskedBlocks ? RowBounds.union(rowBounds[i0 ..< i0 + rows]) : 0 ..< dims.keyLength
        if let keys, !keys.isEmpty {
            for kb in keys.lowerBound / blockK ..< (keys.upperBound + blockK - 1) / blockK {
                tile(batch: b, head: h, firstQuery: i0, rows: rows, keyBlock: kb, bounds: rowBounds, scratch)
            }
        }
        for r in 0 ..< rows {
            out.finishRow(batch: b, query: i0 + r, head: h, accumulator: scratch.acc.pointer + r * ldv,
                          max: scratch.m[r], sum: scratch.l[r])
        }
    }
}

/// The per-thread working set of `FlashPass`: running max, sum and
/// accumulators of one query block, its score tile, the bias and mask tiles,
/// and the rows that see the current key block.
final class FlashScratch<S: KernelScalar> {
    let m: ScratchBuffer<S>
    let l: ScratchBuffer<S>
    /// `[blockQ, D]`: the query rows of the current work item.
    let q: ScratchBuffer<S>
    /// `[blockQ, ldv]`
    let acc: ScratchBuffer<S>
    /// `[blockQ, blockK]`: scores, then weights.
    let tile: ScratchBuffer<S>
    /// `[blockQ, blockK]` bias of the tile, when the call has a bias.
    let bias: ScratchBuffer<S>?
    /// `[blockQ, blockK]` boolean mask of the tile, when the call has one.
    let mask: ScratchBuffer<Bool>?
    /// Rows (within the query block) with a visible key in the current key block.
    let active: ScratchBuffer<Int>
    let ldv: Int

    init(_ pass: FlashPass<S>) {
        let rows = pass.blockQ, tileSize = pass.blockQ * pass.blockK
        m = ScratchBuffer(count: rows, repeating: -.infinity)
        l = ScratchBuffer(count: rows, repeating: 0)
        q = ScratchBuffer(count: rows * pass.dims.headDim, repeating: 0)
        acc = ScratchBuffer(count: rows * pass.ldv, repeating: 0)
        tile = ScratchBuffer(count: tileSize, repeating: 0)
        bias = pass.args.bias == nil ? nil : ScratchBuffer(count: tileSize, repeating: 0)
        mask = pass.args.mask.boolean == nil ? nil : ScratchBuffer(count: tileSize, repeating: false)
        active = ScratchBuffer(count: rows, repeating: 0)
        ldv = pass.ldv
    }

    /// Back to "no key seen" for the first `rows` rows.
    func reset(rows: Int) {
        m.fill(-.infinity, count: rows)
        l.fill(0, count: rows)
        acc.fill(0, count: rows * ldv)
    }
}
