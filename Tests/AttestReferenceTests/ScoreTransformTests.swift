import AttestCore
import AttestReference
import AttestTestSupport
import Foundation
import Testing

/// Scale, softcap and additive bias, in the contract's order:
/// s = scale·(q·k) -> s = c·tanh(s/c) -> s + bias -> mask. Each case uses one
/// query and two keys with one-hot values, so o = (w0, w1), the softmax
/// weights, and lse = log(e^s0 + e^s1); the closed forms are in the comments.
@Suite("Reference: scale, softcap and bias")
struct ScoreTransformTests {
    /// One query, keys `k` (D = k[0].count), one-hot v (Dv = 2).
    static func twoKeys(q: [Double], k: [[Double]], scale: Double? = nil, softcap: Double? = nil,
                        bias: [Double]? = nil) -> AttentionArguments {
        let d = q.count
        return AttentionArguments(
            q: tensor([1, 1, 1, d], q), k: tensor([1, 2, 1, d], k.flatMap { $0 }),
            v: tensor([1, 2, 1, 2], [1, 0, 0, 1]), scale: scale, softcap: softcap,
            bias: bias.map { tensor([1, 1, 1, 2], $0) })
    }

    /// Checks o = softmax(s0, s1) and lse = log(e^s0 + e^s1) for the expected scores.
    static func expectScores(_ args: AttentionArguments, _ s0: Double, _ s1: Double, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (o, lse) = try runReference(args)
        let z = exp(s0) + exp(s1)
        expectClose(o[0, 0, 0, 0], exp(s0) / z, "\(what): weight of key 0", sourceLocation: sourceLocation)
        expectClose(o[0, 0, 0, 1], exp(s1) / z, "\(what): weight of key 1", sourceLocation: sourceLocation)
        expectClose(lse[0, 0, 0], log(z), "\(what): lse", sourceLocation: sourceLocation)
    }

    @Test("default scale is 1/sqrt(D)")
    func defaultScale() throws {
        // D = 4: q·k0 = 4, scale 1/2 -> s = (2, 0): o = (e²/(1+e²), 1/(1+e²)), lse = log(1+e²).
        // (1/D would give s0 = 1, no scale s0 = 4.)
        let args = Self.twoKeys(q: [1, 1, 1, 1], k: [[1, 1, 1, 1], [0, 0, 0, 0]])
        #expect(args.effectiveScale == 0.5)
        try Self.expectScores(args, 2, 0, "default scale")
    }

    @Test("explicit, zero and negative scales")
    func explicitScales() throws {
        // q·k = (2, 0); scale 0.5 -> s = (1, 0): o = (e/(1+e), 1/(1+e)).
        try Self.expectScores(Self.twoKeys(q: [2], k: [[1], [0]], scale: 0.5), 1, 0, "scale 0.5")
        // scale -1 -> s = (-2, 0): o = (1/(1+e²), e²/(1+e²)): the larger dot product gets the smaller weight.
        try Self.expectScores(Self.twoKeys(q: [2], k: [[1], [0]], scale: -1), -2, 0, "scale -1")
        // scale 0 -> s = (0, 0): exactly 1/2 each, lse = log 2.
        let (o, lse) = try runReference(Self.twoKeys(q: [2], k: [[1], [0]], scale: 0))
        #expect(o[0, 0, 0, 0] == 0.5 && o[0, 0, 0, 1] == 0.5 && lse[0, 0, 0] == log(2.0))
    }

    @Test("softcap c·tanh(s/c) applies to the scaled score")
    func softcap() throws {
        // q·k = (2, 0), scale 1, c = 1 -> s = (tanh 2, 0); without softcap s0 would be 2.
        try Self.expectScores(Self.twoKeys(q: [2], k: [[1], [0]], scale: 1, softcap: 1), tanh(2), 0, "softcap 1")
        // c = 4: s0 = 4·tanh(2/4).
        try Self.expectScores(Self.twoKeys(q: [2], k: [[1], [0]], scale: 1, softcap: 4), 4 * tanh(0.5), 0, "softcap 4")
        // Scale first: q·k = (1, 0), scale 2, c = 1 -> s0 = tanh(2), not 2·tanh(1).
        try Self.expectScores(Self.twoKeys(q: [1], k: [[1], [0]], scale: 2, softcap: 1), tanh(2), 0, "scale then softcap")
    }

    @Test("bias is added after softcap")
    func biasAfterSoftcap() throws {
        // s0 = tanh(2) + 1 (capping after the bias would give tanh(3)); s1 = 0 + 0.
        try Self.expectScores(Self.twoKeys(q: [2], k: [[1], [0]], scale: 1, softcap: 1, bias: [1, 0]), tanh(2) + 1, 0, "softcap, then bias")
    }

    @Test("additive bias shifts scores; -infinity masks")
    func bias() throws {
        // Scores (1, 0) + bias (0, 1) = (1, 1): exactly 1/2 each, lse = 1 + log 2.
        let (o, lse) = try runReference(Self.twoKeys(q: [1], k: [[1], [0]], scale: 1, bias: [0, 1]))
        #expect(o[0, 0, 0, 0] == 0.5 && o[0, 0, 0, 1] == 0.5)
        expectClose(lse[0, 0, 0], 1 + log(2.0), "lse of equalised scores")
        // Bias alone on zero scores: (1, 0) -> o = (e/(1+e), 1/(1+e)), lse = log(1+e).
        try Self.expectScores(Self.twoKeys(q: [0], k: [[0], [0]], bias: [1, 0]), 1, 0, "bias (1, 0)")
        // -infinity hides key 0 entirely: o = (0, 1) exactly, lse = s1 = 0.
        let (m, mlse) = try runReference(Self.twoKeys(q: [1], k: [[1], [0]], scale: 1, bias: [-.infinity, 0]))
        #expect(m[0, 0, 0, 0] == 0 && m[0, 0, 0, 1] == 1 && mlse[0, 0, 0] == 0)
    }

    @Test("bias broadcasts over batch [B,1,..] and heads [1,Hq,..]")
    func biasBroadcast() throws {
        // B = 2, Hq = 2, zero scores. Per-batch bias: b0 (1, 0), b1 (0, 1).
        let perBatch = AttentionArguments(
            q: filled([2, 1, 2, 1], 0), k: filled([2, 2, 2, 1], 0),
            v: tensor([2, 2, 2, 2]) { $0[1] == $0[3] ? 1 : 0 }, bias: tensor([2, 1, 1, 2], [1, 0, 0, 1]))
        let (o, _) = try runReference(perBatch)
        let big = exp(1.0) / (1 + exp(1.0)), small = 1 / (1 + exp(1.0))
        for h in 0 ..< 2 {
            expectClose(o[0, 0, h, 0], big, "b0 h\(h) key 0")
            expectClose(o[1, 0, h, 0], small, "b1 h\(h) key 0")
        }
        // Per-head bias: h0 (1, 0), h1 (0, 1), same for both batch entries.
        var perHead = perBatch
        perHead.bias = tensor([1, 2, 1, 2], [1, 0, 0, 1])
        let (p, _) = try runReference(perHead)
        for b in 0 ..< 2 {
            expectClose(p[b, 0, 0, 0], big, "b\(b) h0 key 0")
            expectClose(p[b, 0, 1, 0], small, "b\(b) h1 key 0")
        }
    }
}
