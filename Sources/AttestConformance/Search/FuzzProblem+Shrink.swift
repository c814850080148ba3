import AttestCore

extension FuzzProblem {
    /// Simpler neighbours of this problem, simplest first: each optional
    /// feature removed, each size reduced (to 1, then halved, then by 1), the
    /// layout made contiguous, the element type widened to float64. Used by
    /// `FuzzSearch.shrink` to turn a failing problem into a small one.
    public var shrinkCandidates: [FuzzProblem] {
        var out: [FuzzProblem] = []
        func with(_ edit: (inout FuzzProblem) -> Void) {
            var p = self
            edit(&p)
            p = p.normalized
            if p != self && !out.contains(p) { out.append(p) }
        }
        with { $0.causal = nil }
        with { $0.window = nil }
        with { $0.window?.left = nil }
        with { $0.window?.right = nil }
        with { $0.keyPadding = false }
        with { $0.queryPadding = false }
        with { $0.packed = false }
        with { $0.booleanMask = nil }
        with { $0.bias = nil }
        with { $0.alibi = false }
        with { $0.softcap = nil }
        with { $0.scale = nil }
        with { $0.layout = .contiguous }
        with { $0.largeLogits = false }
        let sizes: [WritableKeyPath<FuzzProblem, Int>] = [\.batch, \.queryLength, \.keyLength, \.keyValueHeads,
                                                          \.groupSize, \.headDim, \.valueDim]
        for size in sizes {
            let n = self[keyPath: size]
            for smaller in [1, n / 2, n - 1] where smaller >= 1 && smaller < n { with { $0[keyPath: size] = smaller } }
        }
        with { $0.dtype = .float64 }
        return out
    }

    /// The same problem passed through `init` again, so its invariants hold.
    var normalized: FuzzProblem {
        FuzzProblem(dtype: dtype, batch: batch, queryLength: queryLength, keyLength: keyLength,
                    keyValueHeads: keyValueHeads, groupSize: groupSize, headDim: headDim, valueDim: valueDim,
                    causal: causal, window: window, keyPadding: keyPadding, queryPadding: queryPadding,
                    packed: packed, booleanMask: booleanMask, bias: bias, alibi: alibi, softcap: softcap,
                    scale: scale, layout: layout, largeLogits: largeLogits, seed: seed)
    }
}

extension FuzzProblem {
    /// The problem `FuzzSearch.shrinkPath` reached from this one along `path`
    /// (an index into `shrinkCandidates` per step); nil when an index is out of range.
    public func following(shrinkPath path: [Int]) -> FuzzProblem? {
        var current = self
        for n in path {
            let candidates = current.shrinkCandidates
            guard candidates.indices.contains(n) else { return nil }
            current = candidates[n]
        }
        return current
    }
}
