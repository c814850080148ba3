/// A small seeded generator (SplitMix64) so every test case draws the same
/// inputs on every run and machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A stable seed from a case name (FNV-1a; `String.hashValue` is randomized per process).
    init(name: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        self.init(seed: h)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [-1, 1).
    mutating func symmetric() -> Double { 2 * unit() - 1 }

    /// True with probability `p`.
    mutating func bernoulli(_ p: Double) -> Bool { unit() < p }
}
