import AttestCore
import AttestTensor

extension FuzzProblem {
    /// The call this problem describes, drawn from `SeededGenerator(seed)` in a
    /// fixed order: q, k, v uniform in [-2, 2] (q and k in [-30, 30] with
    /// `largeLogits`; float64, then rounded once to
    /// `dtype` and laid out as `layout` says), then the mask data each flag
    /// asks for, then the bias and ALiBi slopes.
    ///
    /// Drawn data: key (query) lengths uniform in 0...Skv (0...Sq) per batch
    /// entry; packed sequences: 1 to 3 sequences over a prefix of the
    /// queries and keys (trailing tokens belong to none); boolean mask true
    /// with probability 3/4; bias uniform in [-2, 2] with 1 entry in 10 -inf;
    /// ALiBi slopes uniform in [0, 1].
    public func arguments() -> AttentionArguments {
        var rng = SeededGenerator(seed: seed)
        let d = dims
        let spread = largeLogits ? 30.0 : 2.0
        let q = place(rng.uniform(d.queryShape, in: -spread ... spread))
        let k = place(rng.uniform(d.keyShape, in: -spread ... spread))
        let v = place(rng.uniform(d.valueShape, in: -2 ... 2))
        var mask = AttentionMask(causal: causal, window: window)
        if keyPadding { mask.keyLengths = (0 ..< d.batch).map { _ in Int(rng.next() % UInt64(d.keyLength + 1)) } }
        if queryPadding { mask.queryLengths = (0 ..< d.batch).map { _ in Int(rng.next() % UInt64(d.queryLength + 1)) } }
        if packed {
            let count = 1 + Int(rng.next() % 3)
            mask.packed = PackedSequences(queryOffsets: Self.offsets(count, within: d.queryLength, &rng),
                                          keyOffsets: Self.offsets(count, within: d.keyLength, &rng))
        }
        if let booleanMask {
            mask.boolean = Tensor(shape: booleanMask.shape(d)) { _ in rng.next() % 4 != 0 }
        }
        let biasTensor = bias.map { b in
            AnyTensor.float64(Tensor(shape: b.shape(d)) { _ in
                rng.next() % 10 == 0 ? -.infinity : rng.uniform([1], in: -2 ... 2).scalars[0]
            })
        }
        let slopes = alibi ? rng.uniform([d.queryHeads], in: 0 ... 1).scalars : nil
        return AttentionArguments(q: q, k: k, v: v, scale: scale, softcap: softcap, mask: mask,
                                  bias: biasTensor, alibiSlopes: slopes)
    }

    /// `count + 1` nondecreasing offsets from 0 to at most `total`.
    private static func offsets(_ count: Int, within total: Int, _ rng: inout SeededGenerator) -> [Int] {
        let cuts = (0 ..< count).map { _ in Int(rng.next() % UInt64(total + 1)) }.sorted()
        return [0] + cuts
    }

    /// `values` rounded to `dtype` and stored as `layout` says.
    private func place(_ values: Tensor<Double>) -> AnyTensor {
        let s = values.shape
        switch layout {
        case .contiguous:
            return AnyTensor.converting(values, to: dtype)
        case .headsMajor:
            let view = AnyTensor.filled(dtype, shape: [s[0], s[2], s[1], s[3]], value: .nan).permute([0, 2, 1, 3])
            view.assign(from: values)
            return view
        case .paddedRows:
            let view = AnyTensor.filled(dtype, shape: [s[0], s[1], s[2], s[3] + 3], value: .nan)
                .narrow(axis: 3, start: 0, length: s[3])
            view.assign(from: values)
            return view
        case .nanTail:
            let view = AnyTensor.filled(dtype, shape: [s[0] + 1, s[1], s[2], s[3]], value: .nan)
                .narrow(axis: 0, start: 0, length: s[0])
            view.assign(from: values)
            return view
        }
    }
}

extension FuzzProblem.Broadcast {
    /// `[Bx, Hx, Sq, Skv]` for this broadcast pattern.
    func shape(_ d: AttentionDims) -> [Int] {
        switch self {
        case .shared: [1, 1, d.queryLength, d.keyLength]
        case .perBatch: [d.batch, 1, d.queryLength, d.keyLength]
        case .perHead: [1, d.queryHeads, d.queryLength, d.keyLength]
        case .full: [d.batch, d.queryHeads, d.queryLength, d.keyLength]
        }
    }
}
