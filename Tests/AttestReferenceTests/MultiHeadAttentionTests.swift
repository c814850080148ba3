import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// The MHA module: fused QKV projection, head split, core, head merge and the
/// output projection y = o·Woᵀ + bo, with tiny weights whose results are
/// derived by hand.
@Suite("Reference: multi-head attention module")
struct MultiHeadAttentionTests {
    static func matrix(_ rows: [[Double]]) -> Tensor<Double> {
        Tensor(shape: [rows.count, rows[0].count], elements: rows.flatMap { $0 })
    }
    static func vector(_ v: [Double]) -> Tensor<Double> { Tensor(shape: [v.count], elements: v) }

    /// dModel = 2, one head, D = Dv = 1. Wqkv rows: q = x0, k = 0, v = x0 + 2·x1; Wo = (2, -1)ᵀ, bo = (1, 0.5).
    static func singleHead() throws -> MultiHeadAttention {
        try MultiHeadAttention(qkvWeight: matrix([[1, 0], [0, 0], [1, 2]]), qkvBias: vector([0, 0, 0]),
                               outputWeight: matrix([[2], [-1]]), outputBias: vector([1, 0.5]),
                               queryHeads: 1, keyValueHeads: 1, headDim: 1, valueDim: 1)
    }

    @Test("output projection is applied: y = o·Woᵀ + bo", arguments: DType.allCases)
    func outputProjection(_ dtype: DType) throws {
        // x = ((1,0), (0,1)): q = (1, 0), k = (0, 0) so every score is 0; v = (1, 2).
        // No mask: o = (1+2)/2 = 1.5 at both positions -> y = (2·1.5 + 1, -1.5 + 0.5) = (4, -1).
        // Causal top-left: position 0 sees only v = 1 -> y = (3, -0.5); position 1 -> (4, -1).
        // Without the output projection y would be o itself, [1, 2, 1] = (1.5, 1.5).
        let mha = try Self.singleHead()
        let x = Tensor<Double>(shape: [1, 2, 2], elements: [1, 0, 0, 1])
        let y = try mha(x, core: ReferenceAttention(), dtype: dtype)
        #expect(y.shape == [1, 2, 2])
        #expect(y.scalars == [4, -1, 4, -1], "\(dtype)")
        let causal = try mha(x, core: ReferenceAttention(), options: AttentionOptions(mask: AttentionMask(causal: .topLeft)), dtype: dtype)
        #expect(causal.scalars == [3, -0.5, 4, -1], "\(dtype)")
    }

    @Test("heads are split from qkv columns h·D + d and merged head-major before Wo")
    func headSplitAndMerge() throws {
        // dModel = 2, Hq = Hkv = 2, D = 1, Dv = 2: fused rows = 2 (q) + 2 (k) + 4 (v) = 8.
        // x = (1, 10); v rows read x0 times 1, 2, 3, 4 -> v head 0 = (1, 2), head 1 = (3, 4).
        // One position: each head's weight is 1, so o = v; merged head-major = (1, 2, 3, 4).
        // Wo picks columns 1 and 2: y = (2 + 100, 3 + 200). Merged value-major (1, 3, 2, 4) would give (103, 202).
        let mha = try MultiHeadAttention(
            qkvWeight: Self.matrix([[0, 0], [0, 0], [0, 0], [0, 0], [1, 0], [2, 0], [3, 0], [4, 0]]),
            qkvBias: Self.vector(Array(repeating: 0, count: 8)),
            outputWeight: Self.matrix([[0, 1, 0, 0], [0, 0, 1, 0]]), outputBias: Self.vector([100, 200]),
            queryHeads: 2, keyValueHeads: 2, headDim: 1, valueDim: 2)
        let y = try mha(Tensor(shape: [1, 1, 2], elements: [1, 10]), core: ReferenceAttention())
        #expect(y.scalars == [102, 203])
    }

    @Test("GQA module with a qkv bias: closed form")
    func groupedWithBias() throws {
        // dModel = 1, Hq = 2, Hkv = 1, D = Dv = 1: rows q0, q1, k, v = (1, 0, 1, 1)·x, bias (0, 0, 0, 1).
        // x = (1, 2): head 0 q = x, head 1 q = 0, k = x, v = x + 1 = (2, 3); scale 1/sqrt(1) = 1.
        // Head 0, position 0: scores (1, 2) -> o = (2 + 3e)/(1 + e); position 1: scores (2, 4) -> (2 + 3e²)/(1 + e²).
        // Head 1: scores 0 -> o = 2.5. Wo = (1, 10), bo = 0: y = o_head0 + 25.
        let mha = try MultiHeadAttention(
            qkvWeight: Self.matrix([[1], [0], [1], [1]]), qkvBias: Self.vector([0, 0, 0, 1]),
            outputWeight: Self.matrix([[1, 10]]), outputBias: Self.vector([0]),
            queryHeads: 2, keyValueHeads: 1, headDim: 1, valueDim: 1)
        let y = try mha(Tensor(shape: [1, 2, 1], elements: [1, 2]), core: ReferenceAttention())
        let e = exp(1.0)
        expectClose(y[0, 0, 0], (2 + 3 * e) / (1 + e) + 25, "position 0")
        expectClose(y[0, 1, 0], (2 + 3 * e * e) / (1 + e * e) + 25, "position 1")
    }

    @Test("bad weights and inputs throw naming the shape")
    func errors() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        let wrongRows = message {
            _ = try MultiHeadAttention(qkvWeight: Self.matrix([[1, 0], [0, 0]]), qkvBias: Self.vector([0, 0]),
                                       outputWeight: Self.matrix([[2], [-1]]), outputBias: Self.vector([1, 0.5]),
                                       queryHeads: 1, keyValueHeads: 1, headDim: 1, valueDim: 1)
        }
        #expect(wrongRows.contains("qkvWeight must be [Hq·D + Hkv·D + Hkv·Dv = 3, dModel], got [2, 2]"))
        let heads = message {
            _ = try MultiHeadAttention(qkvWeight: Self.matrix([[1]]), qkvBias: Self.vector([0]),
                                       outputWeight: Self.matrix([[1]]), outputBias: Self.vector([0]),
                                       queryHeads: 3, keyValueHeads: 2, headDim: 1, valueDim: 1)
        }
        #expect(heads.contains("Hq % Hkv == 0"))
        let output = message {
            _ = try MultiHeadAttention(qkvWeight: Self.matrix([[1, 0], [0, 0], [1, 2]]), qkvBias: Self.vector([0, 0, 0]),
                                       outputWeight: Self.matrix([[2, 1]]), outputBias: Self.vector([1, 0.5]),
                                       queryHeads: 1, keyValueHeads: 1, headDim: 1, valueDim: 1)
        }
        #expect(output.contains("outputWeight must be [dModel = 2, Hq·Dv = 1], got [1, 2]"))
        let mha = try Self.singleHead()
        let input = message { _ = try mha(Tensor(shape: [1, 2, 3], repeating: 0), core: ReferenceAttention()) }
        #expect(input.contains("x must be [B, S, dModel = 2], got [1, 2, 3]"))
    }
}
