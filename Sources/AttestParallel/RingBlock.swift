import AttestCore
import AttestTensor

/// One ring step's call of the core: which of the rank's query rows and which
/// of the held block's keys it covers, and the mask and bias that make the
/// block call see exactly what the global call sees.
///
/// Approach: the visibility of every (query, key) pair of the step is
/// computed from *global* positions with the global mask's own rules
/// (`AttentionMask.segment` and `isVisible`, so padding, packed sequences,
/// both causal alignments, windows and boolean masks are exact). The call is
/// trimmed to the bounding box of the visible pairs (an empty box skips the
/// core: its rows keep lse = −∞), then the box is expressed with the simplest
/// mask that reproduces it exactly: none when every pair is visible, causal
/// top-left or bottom-right when it is that triangle (the ring-flash-attention
/// diagonal and zigzag half blocks), else a boolean mask `[B|1, Hq|1, n_q, n_k]`.
/// A bias and ALiBi become one float64 bias block: the global bias entries
/// plus the ALiBi term `ScoreRules.alibi` on global positions.
struct RingBlock {
    var rows: Range<Int>
    var keys: Range<Int>
    var mask: AttentionMask
    var bias: AnyTensor?

    /// The step's call, or nil when no query of the rank sees any key of the block.
    /// - Parameters:
    ///   - mask: the global mask (lengths and offsets rebuilt, no boolean tensor);
    ///   - queries, keys: global positions of the rank's rows and of the block's keys;
    ///   - booleanRows: the rank's rows of the boolean mask `[Bm, Hm, n_q, Skv]`;
    ///   - biasRows: the rank's rows of the bias `[Bb, Hb, n_q, Skv]`.
    static func plan(mask: AttentionMask, dims d: AttentionDims, queries: [Int], keys: [Int],
                     booleanRows: Tensor<Bool>?, biasRows: AnyTensor?, alibiSlopes: [Double]?) -> RingBlock? {
        let batchDependent = mask.keyLengths != nil || mask.queryLengths != nil || (booleanRows?.shape[0] ?? 1) > 1
        let vb = batchDependent ? d.batch : 1, vh = booleanRows?.shape[1] ?? 1
        let nq = queries.count, nk = keys.count
        var visible = Array(repeating: false, count: vb * vh * nq * nk)
        var anyRow = Array(repeating: false, count: nq), anyKey = Array(repeating: false, count: nk)
        var segments: [[QuerySegment?]] = []
        for b in 0 ..< vb {
            segments.append(queries.map { mask.segment(batch: b, query: $0, dims: d) })
            for h in 0 ..< vh {
                for i in 0 ..< nq {
                    guard let segment = segments[b][i] else { continue }
                    for j in 0 ..< nk where mask.isVisible(batch: b, head: h, query: queries[i], key: keys[j], segment: segment)
                        && booleanRows.map({ $0.element(batch: b, head: h, query: i, key: keys[j]) }) ?? true {
                        visible[((b * vh + h) * nq + i) * nk + j] = true
                        anyRow[i] = true
                        anyKey[j] = true
                    }
                }
            }
        }
        guard let r0 = anyRow.firstIndex(of: true), let r1 = anyRow.lastIndex(of: true),
              let k0 = anyKey.firstIndex(of: true), let k1 = anyKey.lastIndex(of: true) else { return nil }
        let rows = r0 ..< r1 + 1, cols = k0 ..< k1 + 1
        let mq = rows.count, mk = cols.count
        func matches(_ rule: (Int, Int) -> Bool) -> Bool {
            for bh in 0 ..< vb * vh {
                for i in 0 ..< mq {
                    for j in 0 ..< mk where visible[(bh * nq + r0 + i) * nk + k0 + j] != rule(i, j) { return false }
                }
            }
            return true
        }
        var blockMask = AttentionMask()
        if matches({ _, _ in true }) {
        } else if matches({ i, j in j <= i }) {
            blockMask.causal = .topLeft
        } else if matches({ i, j in j <= i + mk - mq }) {
            blockMask.causal = .bottomRight
        } else {
            blockMask.boolean = Tensor(shape: [vb, vh, mq, mk]) { x in visible[((x[0] * vh + x[1]) * nq + r0 + x[2]) * nk + k0 + x[3]] }
        }
        var bias: AnyTensor? = nil
        if biasRows != nil || alibiSlopes != nil {
            let bb = (biasRows?.shape[0] ?? 1) > 1 || (alibiSlopes != nil && batchDependent) ? d.batch : 1
            let hb = (biasRows?.shape[1] ?? 1) > 1 || alibiSlopes != nil ? d.queryHeads : 1
            bias = AnyTensor(Tensor<Double>(shape: [bb, hb, mq, mk]) { x in
                let (b, h, i, j) = (x[0], x[1], r0 + x[2], k0 + x[3])
                var value = biasRows?.double(batch: b, head: h, query: i, key: keys[j]) ?? 0
                if let slopes = alibiSlopes, let segment = segments[min(b, vb - 1)][i] {
                    value += ScoreRules<Double>.alibi(slope: slopes[h], center: segment.alibiCenter, key: keys[j])
                }
                return value
            })
        }
        return RingBlock(rows: rows, keys: cols, mask: blockMask, bias: bias)
    }
}
