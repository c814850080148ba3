import AttestTensor

/// How a score-shaped tensor `[Bb|1, Hb|1, Sq, Skv]` (an additive bias or a
/// boolean mask) is read for batch entry b, query head h, query i, key j:
/// a size-1 batch or head axis broadcasts, so it is read at index 0
/// (`docs/semantics.md`).
public enum ScoreBroadcast {
    @inlinable
    public static func index(shape: [Int], batch b: Int, head h: Int, query i: Int, key j: Int) -> [Int] {
        [shape[0] == 1 ? 0 : b, shape[1] == 1 ? 0 : h, i, j]
    }
}

extension Tensor {
    /// Element (b, h, i, j) of a score-shaped tensor (`ScoreBroadcast`).
    @inlinable
    public func element(batch b: Int, head h: Int, query i: Int, key j: Int) -> Element {
        self[ScoreBroadcast.index(shape: shape, batch: b, head: h, query: i, key: j)]
    }
}

extension AnyTensor {
    /// Element (b, h, i, j) of a score-shaped tensor (`ScoreBroadcast`), widened to float64.
    public func double(batch b: Int, head h: Int, query i: Int, key j: Int) -> Double {
        double(at: ScoreBroadcast.index(shape: shape, batch: b, head: h, query: i, key: j))
    }
}
