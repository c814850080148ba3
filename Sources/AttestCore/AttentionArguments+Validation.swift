import AttestTensor

extension AttentionArguments {
    /// Checks every structural rule of the contract and throws
    /// `AttestError.invalidArguments` naming the first violation: ranks, sizes
    /// that must agree, GQA divisibility, mask and bias shapes, lengths and
    /// offsets in range, and finite parameters.
    public func validate() throws {
        func fail(_ what: String) -> AttestError { .invalidArguments(what) }
        for (name, t) in [("q", q), ("k", k), ("v", v)] where t.rank != 4 {
            throw fail("\(name) must have rank 4 [B, S, H, D], got shape \(t.shape)")
        }
        guard q.dtype == k.dtype && k.dtype == v.dtype else {
            throw fail("q, k and v must share one element type, got \(q.dtype), \(k.dtype), \(v.dtype)")
        }
        let d = dims
        for (name, size) in [("B", d.batch), ("Sq", d.queryLength), ("Skv", d.keyLength), ("Hq", d.queryHeads),
                             ("Hkv", d.keyValueHeads), ("D", d.headDim), ("Dv", d.valueDim)] where size < 1 {
            throw fail("\(name) must be at least 1, got \(size)")
        }
        guard k.shape[0] == d.batch, v.shape[0] == d.batch else {
            throw fail("batch sizes differ: q \(q.shape), k \(k.shape), v \(v.shape)")
        }
        guard k.shape[3] == d.headDim else { throw fail("k head size \(k.shape[3]) != q head size D=\(d.headDim)") }
        guard v.shape[1] == d.keyLength, v.shape[2] == d.keyValueHeads else {
            throw fail("v shape \(v.shape) does not match k shape \(k.shape) in Skv and Hkv")
        }
        guard d.queryHeads % d.keyValueHeads == 0 else {
            throw fail("Hq=\(d.queryHeads) is not a multiple of Hkv=\(d.keyValueHeads) (grouped-query attention needs Hq % Hkv == 0)")
        }
        if let s = scale, !s.isFinite { throw fail("scale must be finite, got \(s)") }
        if let c = softcap, !(c.isFinite && c > 0) { throw fail("softcap must be finite and > 0, got \(c)") }
        if let slopes = alibiSlopes {
            guard slopes.count == d.queryHeads else {
                throw fail("alibiSlopes has \(slopes.count) entries, expected Hq=\(d.queryHeads)")
            }
            guard slopes.allSatisfy(\.isFinite) else { throw fail("alibiSlopes must be finite") }
        }
        if let bias {
            try Self.checkBroadcastable(name: "bias", shape: bias.shape, dims: d)
            var bad: [Int]? = nil
            Tensor<Double>.forEachIndex(in: bias.shape) { i in
                let x = bias.double(at: i)
                if bad == nil && (x.isNaN || x == .infinity) { bad = i }
            }
            if let bad { throw fail("bias holds NaN or +infinity at \(bad)") }
        }
        try mask.validate(dims: d)
    }

    static func checkBroadcastable(name: String, shape: [Int], dims d: AttentionDims) throws {
        guard shape.count == 4, [1, d.batch].contains(shape[0]), [1, d.queryHeads].contains(shape[1]),
              shape[2] == d.queryLength, shape[3] == d.keyLength else {
            throw AttestError.invalidArguments(
                "\(name) must have shape [1 or B=\(d.batch), 1 or Hq=\(d.queryHeads), Sq=\(d.queryLength), Skv=\(d.keyLength)], got \(shape)")
        }
    }
}

extension AttentionMask {
    func validate(dims d: AttentionDims) throws {
        func fail(_ what: String) -> AttestError { .invalidArguments(what) }
        if let w = window {
            if let l = w.left, l < 0 { throw fail("window left must be >= 0 or unbounded, got \(l)") }
            if let r = w.right, r < 0 { throw fail("window right must be >= 0 or unbounded, got \(r)") }
        }
        for (name, lengths, limit) in [("keyLengths", keyLengths, d.keyLength), ("queryLengths", queryLengths, d.queryLength)] {
            guard let lengths else { continue }
            guard lengths.count == d.batch else { throw fail("\(name) has \(lengths.count) entries, expected B=\(d.batch)") }
            if let b = lengths.indices.first(where: { lengths[$0] < 0 || lengths[$0] > limit }) {
                throw fail("\(name)[\(b)] = \(lengths[b]) is outside 0...\(limit)")
            }
        }
        if let packed {
            guard d.batch == 1 else { throw fail("packed sequences need B = 1, got B=\(d.batch)") }
            guard keyLengths == nil, queryLengths == nil else {
                throw fail("packed sequences cannot be combined with keyLengths or queryLengths")
            }
            guard packed.queryOffsets.count >= 2, packed.queryOffsets.count == packed.keyOffsets.count else {
                throw fail("packed offsets need equal counts of at least 2, got \(packed.queryOffsets.count) and \(packed.keyOffsets.count)")
            }
            for (name, offsets, limit) in [("queryOffsets", packed.queryOffsets, d.queryLength), ("keyOffsets", packed.keyOffsets, d.keyLength)] {
                guard offsets.first == 0 else { throw fail("packed \(name) must start at 0, got \(offsets)") }
                guard zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                    throw fail("packed \(name) must not decrease: \(offsets)")
                }
                guard offsets.last! <= limit else { throw fail("packed \(name) end \(offsets.last!) exceeds length \(limit)") }
            }
        }
        if let boolean {
            try AttentionArguments.checkBroadcastable(name: "boolean mask", shape: boolean.shape, dims: d)
        }
    }
}
