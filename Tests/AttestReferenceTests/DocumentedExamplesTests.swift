import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// The worked numbers of docs/semantics.md, computed by the reference and
/// compared both with their closed forms and with the decimals the page
/// prints (6 places, so within 5e-7), so the page cannot drift from the code.
@Suite("docs/semantics.md worked examples")
struct DocumentedExamplesTests {
    /// Section 2: D = 4, q = (1,1,1,1), k0 = (1,1,1,1), k1 = (1,-1,1,-1), v = (10, 20).
    static func sectionTwo(scale: Double? = nil, softcap: Double? = nil, bias: [Double]? = nil) -> AttentionArguments {
        AttentionArguments(q: filled([1, 1, 1, 4], 1), k: tensor([1, 2, 1, 4], [1, 1, 1, 1, 1, -1, 1, -1]),
                           v: tensor([1, 2, 1, 1], [10, 20]), scale: scale, softcap: softcap,
                           bias: bias.map { tensor([1, 1, 1, 2], $0) })
    }

    static func expectPrinted(_ value: Double, _ printed: Double, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(value - printed) <= 5e-7, "\(what): \(value) is not printed as \(printed)", sourceLocation: sourceLocation)
    }

    @Test("section 2: the basic computation; section 3: negative scale, softcap, bias")
    func scoreExamples() throws {
        let e2 = exp(2.0)
        var (o, lse) = try runReference(Self.sectionTwo())
        expectClose(o[0, 0, 0, 0], (10 * e2 + 20) / (1 + e2), "basic o")
        Self.expectPrinted(o[0, 0, 0, 0], 11.192029, "basic o")
        Self.expectPrinted(lse[0, 0, 0], 2.126928, "basic lse")

        (o, lse) = try runReference(Self.sectionTwo(scale: -0.5))
        Self.expectPrinted(o[0, 0, 0, 0], 18.807971, "negative scale o")
        Self.expectPrinted(lse[0, 0, 0], 0.126928, "negative scale lse")

        (o, lse) = try runReference(Self.sectionTwo(scale: 1, softcap: 2))
        let s0 = 2 * tanh(2.0)
        expectClose(o[0, 0, 0, 0], (10 * exp(s0) + 20) / (exp(s0) + 1), "softcap o")
        Self.expectPrinted(s0, 1.928055, "softcap s0")
        Self.expectPrinted(o[0, 0, 0, 0], 11.269660, "softcap o")
        Self.expectPrinted(lse[0, 0, 0], 2.063836, "softcap lse")

        // One key, so lse is its score: c = 2, scale = 2, q·k = 1 -> 2·tanh(2/2).
        let single = AttentionArguments(q: filled([1, 1, 1, 1], 1), k: filled([1, 1, 1, 1], 1), v: filled([1, 1, 1, 1], 1),
                                        scale: 2, softcap: 2)
        Self.expectPrinted(try runReference(single).lse[0, 0, 0], 1.523188, "softcap sees the scaled score")

        (o, lse) = try runReference(Self.sectionTwo(bias: [0, 2]))
        #expect(o[0, 0, 0, 0] == 15)
        Self.expectPrinted(lse[0, 0, 0], 2.693147, "bias lse")
        (o, lse) = try runReference(Self.sectionTwo(bias: [-.infinity, 0]))
        #expect(o[0, 0, 0, 0] == 20 && lse[0, 0, 0] == 0)
    }

    @Test("section 3: ALiBi, Sq = 2, Skv = 3, slope 0.5")
    func alibiExample() throws {
        let args = AttentionArguments(q: filled([1, 2, 1, 1], 0), k: filled([1, 3, 1, 1], 0),
                                      v: tensor([1, 3, 1, 1], [1, 2, 3]), alibiSlopes: [0.5])
        let (o, lse) = try runReference(args)
        expectClose(o[0, 0, 0, 0], 2, "row 0 o (symmetric weights)")
        Self.expectPrinted(lse[0, 0, 0], 0.794377, "row 0 lse")
        let z = exp(-1.0) + exp(-0.5) + 1
        expectClose(o[0, 1, 0, 0], (exp(-1.0) + 2 * exp(-0.5) + 3) / z, "row 1 o")
        Self.expectPrinted(o[0, 1, 0, 0], 2.320157, "row 1 o")
        Self.expectPrinted(lse[0, 0, 1], 0.680270, "row 1 lse")
    }

    @Test("section 10: the MHA module example")
    func moduleExample() throws {
        let mha = try MultiHeadAttentionTests.singleHead()
        let x = Tensor<Double>(shape: [1, 2, 2], elements: [1, 0, 0, 1])
        #expect(try mha(x, core: ReferenceAttention()).scalars == [4, -1, 4, -1])
    }

    @Test("section 11: element type examples")
    func elementTypes() {
        #expect(BFloat16(rounding: 1 + 0x1p-8 + 0x1p-30).bitPattern == 0x3F81)
        #expect(BFloat16(rounding: 1 + 0x1p-8).bitPattern == 0x3F80)
        #expect(BFloat16(Float.greatestFiniteMagnitude).floatValue == .infinity)
    }
}
