import AttestCore
import AttestReference
import Testing

/// NaN in the inputs is not an error (validate() accepts it, as PyTorch does)
/// but it must never look like a valid answer: a row with a NaN score gives
/// o = NaN and lse = NaN, wherever the NaN sits in the row. A NaN in a key or
/// value the row cannot see has no effect (masked keys are never read).
@Suite("Reference: NaN inputs propagate")
struct NaNPropagationTests {
    /// Sq = 2, Skv = 3, D = Dv = 1, q row 0 = 1, row 1 = 2, k = (1, 2, 3), v = (1, 2, 3), scale 1.
    static func args(q: [Double] = [1, 2], k: [Double] = [1, 2, 3], v: [Double] = [1, 2, 3],
                     mask: AttentionMask = AttentionMask()) -> AttentionArguments {
        AttentionArguments(q: tensor([1, 2, 1, 1], q), k: tensor([1, 3, 1, 1], k), v: tensor([1, 3, 1, 1], v),
                           scale: 1, mask: mask)
    }

    @Test("a NaN score makes its row NaN, whichever key it is on", arguments: [0, 1, 2])
    func nanKey(_ j: Int) throws {
        var k: [Double] = [1, 2, 3]
        k[j] = .nan
        let (o, lse) = try runReference(Self.args(k: k))
        for i in 0 ..< 2 {
            #expect(o[0, i, 0, 0].isNaN, "NaN k[\(j)]: o row \(i) = \(o[0, i, 0, 0])")
            #expect(lse[0, 0, i].isNaN, "NaN k[\(j)]: lse row \(i) = \(lse[0, 0, i])")
        }
    }

    @Test("a NaN query makes only its own row NaN")
    func nanQuery() throws {
        let (o, lse) = try runReference(Self.args(q: [.nan, 2]))
        #expect(o[0, 0, 0, 0].isNaN && lse[0, 0, 0].isNaN)
        #expect(o[0, 1, 0, 0].isFinite && lse[0, 0, 1].isFinite)
    }

    @Test("a NaN value under a visible key makes o NaN; lse stays finite")
    func nanValue() throws {
        let (o, lse) = try runReference(Self.args(v: [1, .nan, 3]))
        #expect(o[0, 0, 0, 0].isNaN && lse[0, 0, 0].isFinite)
    }

    @Test("NaN in a key and value the row cannot see changes nothing")
    func maskedNaN() throws {
        // Causal top-left: row 0 sees key 0 only, so o = v0 = 1 and lse = s0 = 1.
        let (o, lse) = try runReference(Self.args(k: [1, .nan, .nan], v: [1, .nan, .nan], mask: AttentionMask(causal: .topLeft)))
        #expect(o[0, 0, 0, 0] == 1 && lse[0, 0, 0] == 1)
        #expect(o[0, 1, 0, 0].isNaN) // row 1 sees the NaN key
    }
}
