import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing

/// A query row that sees no key gives o = 0 exactly (every Dv entry, every
/// element type) and lse = -infinity, however it came to be fully masked;
/// the other rows are unaffected.
@Suite("Reference: fully masked rows")
struct FullyMaskedRowTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let mask: AttentionMask
        let bias: AnyTensor?
        /// Query rows (Sq = 2, Skv = 2, B = 1) that must be fully masked.
        let masked: Set<Int>
    }

    static let cases: [Case] = [
        Case(testDescription: "control: causal bottom-right with Sq = Skv masks no whole row",
             mask: AttentionMask(causal: .bottomRight), bias: nil, masked: []),
        Case(testDescription: "boolean row all false",
             mask: AttentionMask(boolean: Tensor(shape: [1, 1, 2, 2], elements: [false, false, true, true])), bias: nil, masked: [0]),
        Case(testDescription: "bias row all -infinity", mask: AttentionMask(),
             bias: tensor([1, 1, 2, 2], [0, 0, -.infinity, -.infinity]), masked: [1]),
        Case(testDescription: "query padding", mask: AttentionMask(queryLengths: [1]), bias: nil, masked: [1]),
        Case(testDescription: "key padding to 0", mask: AttentionMask(keyLengths: [0]), bias: nil, masked: [0, 1]),
        Case(testDescription: "packed token past the last offset",
             mask: AttentionMask(packed: PackedSequences(queryOffsets: [0, 1], keyOffsets: [0, 2])), bias: nil, masked: [1]),
        Case(testDescription: "window (0,0) AND a boolean mask hiding the diagonal of row 0",
             mask: AttentionMask(window: SlidingWindow(left: 0, right: 0),
                                 boolean: Tensor(shape: [1, 1, 2, 2], elements: [false, true, true, true])),
             bias: nil, masked: [0]),
    ]

    @Test("o = 0 and lse = -inf in every element type", arguments: cases, DType.allCases)
    func fullyMasked(_ c: Case, dtype: DType) throws {
        // v is large and non-zero so a leaked weight would show.
        let args = AttentionArguments(
            q: .converting(Tensor<Double>(shape: [1, 2, 1, 3], elements: [1, 2, 3, -1, 0.5, 2]), to: dtype),
            k: .converting(Tensor<Double>(shape: [1, 2, 1, 3], elements: [0.5, -1, 1, 2, 2, 0.25]), to: dtype),
            v: .converting(Tensor<Double>(shape: [1, 2, 1, 5]) { Double(100 + 7 * $0[1] + $0[3]) }, to: dtype),
            mask: c.mask, bias: c.bias)
        let out = try ReferenceAttention()(args)
        let o = out.o.widened(), lse = try #require(out.lse).widened()
        #expect(out.o.dtype == dtype)
        for i in 0 ..< 2 {
            let row = (0 ..< 5).map { o[0, i, 0, $0] }
            if c.masked.contains(i) {
                #expect(row.allSatisfy { $0 == 0 }, "\(c) row \(i): o = \(row)")
                #expect(lse[0, 0, i] == -.infinity, "\(c) row \(i): lse")
            } else {
                #expect(row.allSatisfy { $0 >= 100 && $0.isFinite }, "\(c) row \(i) is a convex mix of v: \(row)")
                #expect(lse[0, 0, i].isFinite, "\(c) row \(i): lse finite")
            }
        }
    }

    @Test("causal bottom-right with Sq > Skv masks the first Sq - Skv rows")
    func bottomRightTallProblem() throws {
        let args = AttentionArguments(q: filled([1, 3, 1, 2], 1), k: filled([1, 1, 1, 2], 1),
                                      v: filled([1, 1, 1, 2], 7), mask: AttentionMask(causal: .bottomRight))
        let (o, lse) = try runReference(args)
        #expect(o[0, 0, 0, 0] == 0 && o[0, 1, 0, 1] == 0 && lse[0, 0, 0] == -.infinity && lse[0, 0, 1] == -.infinity)
        #expect(o[0, 2, 0, 0] == 7 && o[0, 2, 0, 1] == 7) // the last row sees its one key with weight 1
        expectClose(lse[0, 0, 2], 2 / 2.0.squareRoot(), "lse of the single visible key = its score")
    }
}
