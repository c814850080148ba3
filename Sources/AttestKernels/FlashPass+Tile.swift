import AttestCore
import AttestTensor

extension FlashPass {
    /// One tile: the rows `firstQuery ..< firstQuery + rows` of (b, h) against
    /// key block `kb` (keys `kb·blockK ..< min((kb+1)·blockK, Skv)`).
    ///
    /// Row r takes part with the keys `lo ..< hi` its `RowBounds` leave in the
    /// block (none: it is left out). Its scores are finished by `ScoreRules`,
    /// merged into its running max and sum, and turned into weights; the
    /// active rows' weights then multiply the block's values in one
    /// register-blocked product over the union of their key ranges, with zero
    /// weights outside each row's own range. When skipping, scores are only
    /// computed for the rows between the first and the last one that see the
    /// block; otherwise for every row (which changes no result).
    func tile(batch b: Int, head h: Int, firstQuery i0: Int, rows: Int, keyBlock kb: Int, bounds: [RowBounds],
              _ scratch: FlashScratch<S>) {
        let d = dims, D = d.headDim, lanes = FlashMath.lanes(S.self), lds = blockK
        let j0 = kb * blockK, j1 = min(j0 + blockK, d.keyLength)
        var first = 0, last = rows - 1
        if skipsMaskedBlocks {
            first = -1
            for r in 0 ..< rows {
                let rb = bounds[i0 + r]
                if max(rb.lo, j0) < min(rb.hi, j1) {
                    if first < 0 { first = r }
                    last = r
                }
            }
            guard first >= 0 else { return } // the whole key block is masked for this query block
        }
        let group = b * d.keyValueHeads + d.keyValueHead(forQueryHead: h)
        let panelsPerHead = (d.keyLength + lanes - 1) / lanes
        let tile = scratch.tile.pointer
        // tile[r, c] = Σ_x q[i0 + r, x] · k[j0 + c, x]
        FlashMath.scores(q: scratch.q.pointer + first * D,
                         rows: last - first + 1, headDim: D,
                         panels: k.pointer + (group * panelsPerHead + j0 / lanes) * D * lanes,
                         panelCount: (j1 - j0 + lanes - 1) / lanes, into: tile + first * lds, lds: lds)
        let queries = i0 + first ..< i0 + last + 1
        if let biasTensor = args.bias, let buffer = scratch.bias {
            ScoreInputs.gatherBias(biasTensor, batch: b, heads: h ..< h + 1, queries: queries, keys: j0 ..< j1,
                                   rowLength: lds, into: buffer.pointer + first * lds)
        }
        if let maskTensor = args.mask.boolean, let buffer = scratch.mask {
            ScoreInputs.gatherMask(maskTensor, batch: b, heads: h ..< h + 1, queries: queries, keys: j0 ..< j1,
                                   rowLength: lds, into: buffer.pointer + first * lds)
        }
        let active = scratch.active.pointer
        var count = 0, kLo = Int.max, kHi = Int.min
        for r in first ... last {
            let rb = bounds[i0 + r]
            let lo = max(rb.lo, j0), hi = min(rb.hi, j1)
            guard lo < hi else { continue } // this key block is fully masked for this row
            let at = r * lds + (lo - j0)
            let s = tile + at
            let blockMax = rules.finish(row: s, first: lo, keys: lo ..< hi, bounds: rb, head: h,
                                        bias: scratch.bias.map { UnsafePointer($0.pointer + at) },
                                        mask: scratch.mask.map { UnsafePointer($0.pointer + at) })
            guard OnlineSoftmax.absorb(scores: s, count: hi - lo, blockMax: blockMax, max: scratch.m.pointer + r,
                                       sum: scratch.l.pointer + r, accumulator: scratch.acc.pointer + r * ldv,
                                       width: ldv) else { continue } // every score of the row in this block is -inf
            active[count] = r
            count += 1
            kLo = min(kLo, lo)
            kHi = max(kHi, hi)
        }
        guard count > 0 else { return }
        if finiteValueBlocks[group * keyBlocks + kb] {
            for a in 0 ..< count { // weight 0 for the keys of kLo ..< kHi the row does not see
                let rb = bounds[i0 + active[a]], row = tile + active[a] * lds - j0
                for c in kLo ..< max(kLo, rb.lo) { row[c] = 0 }
                for c in max(kLo, min(rb.hi, kHi)) ..< kHi { row[c] = 0 }
            }
            FlashMath.accumulate(rows: active, count: count, weights: tile + (kLo - j0), ldp: lds, keys: kHi - kLo,
                                 values: v.pointer + (group * d.keyLength + kLo) * ldv, ldv: ldv,
                                 into: scratch.acc.pointer)
        } else {
            for a in 0 ..< count {
                let r = active[a], rb = bounds[i0 + r]
                let lo = max(rb.lo, j0), hi = min(rb.hi, j1)
                FlashMath.accumulateSkippingZeros(weights: tile + r * lds + (lo - j0), keys: hi - lo,
                                                  values: v.pointer + (group * d.keyLength + lo) * ldv, ldv: ldv,
                                                  into: scratch.acc.pointer + r * ldv)
            }
        }
    }
}
