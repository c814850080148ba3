import AttestCore
import AttestTensor
import Foundation

extension ProblemSpec {
    /// Draws the problem from `SeededGenerator(hashing: idText)`: q, k, v in
    /// float64 from `distribution`, then rounded once (nearest-even) to
    /// `dtype`, contiguous `[B, S, H, D]`; then the mask data the flags ask for.
    ///
    /// Drawn mask data: key padding `keyLengths = [Skv, u]` (u uniform in
    /// 0..<Skv, so a batch entry can be fully masked; B = 1 gives `[u]` with
    /// u >= 1); query padding likewise; packed sequences split Sq and Skv into
    /// three segments and leave up to 2 trailing query tokens outside every
    /// sequence; the boolean mask `[B, 1, Sq, Skv]` is true with probability
    /// 0.75; the bias `[1, Hq, Sq, Skv]` is normal with 5% of entries -inf.
    ///
    /// `dist=real` cannot be drawn (real activations exist only as golden
    /// fixtures): that throws.
    public func arguments(idText: String) throws -> AttentionArguments {
        guard distribution != .real else {
            throw ConformanceError.badCaseID(idText, "dist=real is only for golden fixtures; it cannot be generated")
        }
        var rng = SeededGenerator(hashing: idText)
        let d = dims
        let spread = distribution == .largeLogits ? 4.0 : 1.0
        let q = draw(d.queryShape, &rng, spread: spread)
        let k = draw(d.keyShape, &rng, spread: spread)
        let v = draw(d.valueShape, &rng, spread: 1)
        var mask = AttentionMask()
        // Mask data is drawn in `AttentionFeature.masks` order (the draws of each depend on those before).
        for feature in AttentionFeature.masks where self.mask.contains(feature) {
            switch feature {
            case .causalTopLeft: mask.causal = .topLeft
            case .causalBottomRight: mask.causal = .bottomRight
            case .slidingWindow: mask.window = SlidingWindow(left: windowLeft, right: windowRight)
            case .keyPadding: mask.keyLengths = lengths(d.keyLength, &rng)
            case .queryPadding: mask.queryLengths = lengths(d.queryLength, &rng)
            case .packedSequences:
                let qo = offsets(total: d.queryLength, slack: min(2, d.queryLength / 4), &rng)
                let ko = offsets(total: d.keyLength, slack: 0, &rng)
                mask.packed = PackedSequences(queryOffsets: qo, keyOffsets: ko)
            case .booleanMask:
                mask.boolean = Tensor(shape: [d.batch, 1, d.queryLength, d.keyLength]) { _ in rng.uniform() < 0.75 }
            case .additiveBias, .alibi, .softcap, .groupedQuery, .valueDimDiffers, .logSumExp:
                preconditionFailure("\(feature) is not a mask feature")
            }
        }
        var biasTensor: AnyTensor? = nil
        if bias {
            biasTensor = AnyTensor(Tensor<Double>(shape: [1, d.queryHeads, d.queryLength, d.keyLength]) { _ in
                rng.uniform() < 0.05 ? -.infinity : rng.normal()
            })
        }
        let slopes = alibi ? (0 ..< d.queryHeads).map { pow(2, -8 * Double($0 + 1) / Double(d.queryHeads)) } : nil
        return AttentionArguments(q: q, k: k, v: v, scale: scale, softcap: softcap, mask: mask,
                                  bias: biasTensor, alibiSlopes: slopes)
    }

    private func draw(_ shape: [Int], _ rng: inout SeededGenerator, spread: Double) -> AnyTensor {
        let dist = distribution
        let values = Tensor<Double>(shape: shape) { _ in
            switch dist {
            case .normalTimes3: 3 * rng.normal()
            case .uniform: rng.uniform()
            case .outliers: rng.uniform() < 0.01 ? 40 * rng.normal() : rng.normal()
            case .normal, .largeLogits, .real: spread * rng.normal()
            }
        }
        return AnyTensor.converting(values, to: dtype)
    }

    private func lengths(_ full: Int, _ rng: inout SeededGenerator) -> [Int] {
        if dims.batch == 1 { return [rng.int(in: 1 ... full)] }
        return (0 ..< dims.batch).map { b in b == 0 ? full : rng.int(in: 0 ... full - 1) }
    }

    /// Three segments over `total - slack'` tokens (slack' drawn in 0...slack), starting at 0.
    private func offsets(total: Int, slack: Int, _ rng: inout SeededGenerator) -> [Int] {
        let end = total - rng.int(in: 0 ... max(0, slack))
        let a = rng.int(in: 0 ... end), b = rng.int(in: 0 ... end)
        return [0, min(a, b), max(a, b), end]
    }
}
