import AttestCore
import AttestTensor

/// Straightforward attention assembled from `AttentionSteps`: row by row,
/// every score, then the softmax of the row, then the weighted sum of value
/// rows. With the default steps it computes the contract of
/// `docs/semantics.md` (the mutant tests check this against
/// `ReferenceAttention`); every mutant replaces one step.
///
/// Shapes: q `[B,Sq,Hq,D]`, k `[B,Skv,Hkv,D]`, v `[B,Skv,Hkv,Dv]` of any
/// strides, widened once to contiguous float64; o `[B,Sq,Hq,Dv]` and lse
/// `[B,Hq,Sq]` are written element by element (each value rounded once to
/// the buffer's element type). Precision: float64 with `steps.accumulate`
/// applied after every addition of the dot products and weighted sums.
struct SteppedAttention {
    let steps: any AttentionSteps

    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try args.validate()
        let d = args.dims
        try output.validate(for: d)
        let q = steps.loaded(args.q), k = steps.loaded(args.k), v = steps.loaded(args.v)
        let bias = args.bias?.widened()
        let scale = steps.scale(args)
        for b in 0 ..< d.batch {
            let kb = steps.keyValueBatch(forBatch: b, dims: d)
            for h in 0 ..< d.queryHeads {
                let kvh = steps.keyValueHead(forQueryHead: h, dims: d)
                for i in 0 ..< d.queryLength {
                    let qStart = ((b * d.queryLength + i) * d.queryHeads + h) * d.headDim
                    let qRow = Array(q[qStart ..< qStart + d.headDim])
                    var scores = Array(repeating: -Double.infinity, count: d.keyLength)
                    let features = steps.headFeatures(d)
                    if let segment = steps.segment(batch: b, query: i, args: args) {
                        for j in steps.visitedKeys(d)
                        where steps.isVisible(batch: b, head: h, query: i, key: j, segment: segment, args: args) {
                            var dot = 0.0
                            for x in features {
                                dot = steps.accumulate(dot + qRow[x] * k[((kb * d.keyLength + j) * d.keyValueHeads + kvh) * d.headDim + x])
                            }
                            var additive = 0.0
                            if let bias { additive += steps.bias(bias, batch: b, head: h, query: i, key: j) }
                            if let slopes = args.alibiSlopes { additive += steps.alibi(slope: slopes[h], segment: segment, key: j) }
                            scores[j] = steps.combine(scaled: scale * dot, softcap: args.softcap, additive: additive)
                        }
                        scores += steps.paddingKeyScores(batch: b, head: h, query: i, segment: segment, args: args)
                    }
                    // Weights past Skv belong to padding keys, whose value rows are zero.
                    let (weights, lse) = steps.rowSoftmax(scores, dims: d, dtype: args.dtype)
                    var o = Array(repeating: 0.0, count: d.valueDim)
                    for j in 0 ..< d.keyLength where steps.sumsValue(weight: weights[j]) {
                        for e in 0 ..< d.valueDim {
                            o[e] = steps.accumulate(o[e] + weights[j] * steps.value(v, batch: kb, key: j, head: kvh, element: e, dims: d))
                        }
                    }
                    for j in steps.loadedPastEnd(d) {
                        // Loaded, then masked by a zero weight: 0·x is 0 unless x is not finite.
                        guard let dot = rawDot(qRow, args.k, batch: kb, key: j, head: kvh) else { continue }
                        for e in 0 ..< d.valueDim { o[e] += 0 * dot }
                    }
                    guard steps.writes(batch: b, query: i, head: h, dims: d) else { continue }
                    for e in 0 ..< d.valueDim {
                        output.o.set(o[e], at: steps.outputIndex(batch: b, query: i, head: h, element: e, dims: d))
                    }
                    output.lse?.set(steps.reportedLSE(lse, dtype: args.dtype), at: [b, h, i])
                }
            }
        }
        steps.finish(output)
    }

    /// q · k[b, j, kvh, :] where row j may lie past the end of k: read
    /// straight from k's storage through its strides, nil when any element
    /// falls outside the storage.
    private func rawDot(_ qRow: [Double], _ k: AnyTensor, batch b: Int, key j: Int, head kvh: Int) -> Double? {
        var dot = 0.0
        for x in qRow.indices {
            guard let kx = k.storageValue(at: [b, j, kvh, x]) else { return nil }
            dot += qRow[x] * kx
        }
        return dot
    }
}

extension AnyTensor {
    /// The storage element that logical `index` maps to through this view's
    /// offset and strides, even past the end of the view's shape; nil when
    /// that position lies outside the storage. Models a kernel that reads
    /// memory past a tensor's end.
    /// `strides` replaces the view's own (a kernel that computes them wrongly).
    func storageValue(at index: [Int], strides: [Int]? = nil) -> Double? {
        func read<E: TensorElement>(_ t: Tensor<E>) -> Double? {
            let position = zip(index, strides ?? t.strides).reduce(t.offset) { $0 + $1.0 * $1.1 }
            guard position >= 0 && position < t.storage.count else { return nil }
            return t.storage.elements[position].doubleValue
        }
        switch self {
        case let .float64(t): return read(t)
        case let .float32(t): return read(t)
        case let .float16(t): return read(t)
        case let .bfloat16(t): return read(t)
        }
    }
}
