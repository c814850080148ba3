import AttestCore
import AttestReference
import AttestTestSupport
import Foundation
import Testing

/// GQA and MQA: query head h reads kv head h / (Hq / Hkv) (repeat-interleave).
/// Values: kv head g has v = g + 1 everywhere, and with equal scores over
/// Skv = 2 keys each weight is exactly 1/2, so o[h] is exactly g(h) + 1: a
/// wrong mapping (say h % Hkv) shows as a different integer.
@Suite("Reference: grouped-query and multi-query attention")
struct GroupedQueryTests {
    static func constantValues(queryHeads: Int, keyValueHeads: Int, valueDim: Int = 3) -> AttentionArguments {
        AttentionArguments(
            q: filled([1, 2, queryHeads, 2], 0.25), k: filled([1, 2, keyValueHeads, 2], 0.5),
            v: tensor([1, 2, keyValueHeads, valueDim]) { Double($0[2] + 1) })
    }

    @Test("o[h] = (kv head h / (Hq/Hkv)) + 1", arguments: [
        (4, 2, [1.0, 1, 2, 2]), // not h % Hkv, which would give 1, 2, 1, 2
        (6, 3, [1.0, 1, 2, 2, 3, 3]),
        (6, 2, [1.0, 1, 1, 2, 2, 2]),
        (3, 3, [1.0, 2, 3]), // MHA
        (3, 1, [1.0, 1, 1]), // MQA
    ])
    func mapping(queryHeads: Int, keyValueHeads: Int, expected: [Double]) throws {
        let (o, lse) = try runReference(Self.constantValues(queryHeads: queryHeads, keyValueHeads: keyValueHeads))
        for i in 0 ..< 2 {
            let got = (0 ..< queryHeads).map { o[0, i, $0, 0] }
            #expect(got == expected, "Hq=\(queryHeads) Hkv=\(keyValueHeads) query \(i)")
            #expect((0 ..< queryHeads).allSatisfy { h in (0 ..< 3).allSatisfy { o[0, i, h, $0] == expected[h] } })
            // Equal scores s = 0.25·0.5·2/sqrt(2): lse = s + log 2.
            for h in 0 ..< queryHeads { expectClose(lse[0, h, i], 0.25 / 2.0.squareRoot() + log(2.0), "lse h=\(h)") }
        }
    }

    @Test("keys are read from the same kv head as values")
    func keysFollowTheMapping() throws {
        // Hq = 4, Hkv = 2, D = 1, scale 1, q = 1. kv head g: key 0 = g + 1, key 1 = 0, one-hot v.
        // Query head h sees scores (g + 1, 0): weight of key 0 = e^(g+1)/(1 + e^(g+1)), g = h / 2.
        let args = AttentionArguments(
            q: filled([1, 1, 4, 1], 1), k: tensor([1, 2, 2, 1]) { $0[1] == 0 ? Double($0[2] + 1) : 0 },
            v: tensor([1, 2, 2, 2]) { $0[1] == $0[3] ? 1 : 0 }, scale: 1)
        let (o, _) = try runReference(args)
        for h in 0 ..< 4 {
            let s = Double(h / 2 + 1)
            expectClose(o[0, 0, h, 0], exp(s) / (1 + exp(s)), "query head \(h) reads kv head \(h / 2)")
        }
    }
}
