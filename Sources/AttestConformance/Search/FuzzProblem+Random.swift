import AttestCore
import AttestTensor

extension FuzzProblem {
    /// The ranges the search draws from, shared by `random(using:)` (the
    /// `attest fuzz` command) and the property-based tests' generators.
    /// Small on purpose: many problems per second, and odd sizes below a tile.
    public enum Ranges {
        public static let batch = 1 ... 3
        public static let length = 1 ... 12
        public static let keyValueHeads = 1 ... 3
        public static let groupSize = 1 ... 3
        public static let headDim = 1 ... 8
        /// Window edges; `nil` (unbounded) is drawn as well.
        public static let windowEdge = 0 ... 4
        public static let softcaps: [Double] = [0.5, 2, 20]
        public static let scales: [Double] = [0.1, -0.7, 2]
    }

    /// A problem drawn from `rng`: every choice uniform over `Ranges`, each
    /// optional feature present with probability 1/3 (1/2 for the layout
    /// and value-size choices).
    public static func random<R: RandomNumberGenerator>(using rng: inout R) -> FuzzProblem {
        func pick(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        func maybe() -> Bool { pick(0 ... 2) == 0 }
        func edge() -> Int? { maybe() ? nil : pick(Ranges.windowEdge) }
        let headDim = pick(Ranges.headDim)
        return FuzzProblem(
            dtype: DType.allCases[pick(0 ... DType.allCases.count - 1)],
            batch: pick(Ranges.batch), queryLength: pick(Ranges.length), keyLength: pick(Ranges.length),
            keyValueHeads: pick(Ranges.keyValueHeads), groupSize: pick(Ranges.groupSize),
            headDim: headDim, valueDim: pick(0 ... 1) == 0 ? headDim : pick(Ranges.headDim),
            causal: maybe() ? CausalAlignment.allCases[pick(0 ... 1)] : nil,
            window: maybe() ? SlidingWindow(left: edge(), right: edge()) : nil,
            keyPadding: maybe(), queryPadding: maybe(), packed: pick(0 ... 5) == 0,
            booleanMask: maybe() ? Broadcast.allCases[pick(0 ... 3)] : nil,
            bias: maybe() ? Broadcast.allCases[pick(0 ... 3)] : nil,
            alibi: maybe(), softcap: maybe() ? Ranges.softcaps[pick(0 ... 2)] : nil,
            scale: maybe() ? Ranges.scales[pick(0 ... 2)] : nil,
            layout: pick(0 ... 1) == 0 ? .contiguous : Layout.allCases[pick(1 ... 3)],
            largeLogits: maybe(), seed: rng.next() >> 1)
    }
}

extension FuzzProblem {
    /// The problem `attest fuzz` draws for one problem seed.
    public static func random(seed: UInt64) -> FuzzProblem {
        var rng = SeededGenerator(seed: seed)
        return random(using: &rng)
    }
}
