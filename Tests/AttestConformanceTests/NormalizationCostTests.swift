import AttestConformance
import AttestCore
import AttestTensor
import Foundation
import Testing

/// Policy v5's normalization cost (`BaselineAttention`, `docs/tolerance.md`):
/// where V is constant along the keys the baseline's o is exact, so version 4
/// left the floor alone, below what a correct f32 kernel that normalizes in
/// another order carries.
struct NormalizationCostTests {
    let u32 = 0x1p-24
    /// V's constant: a power of two, so every p_j·c is exact and the baseline's
    /// Σ p_j·c and c·Σ p_j round alike (as `prop:gqa_mha:constant_v`'s 1 and 2 do).
    let c: Float = 2

    /// f32, one head, `rows` query rows under a causal bottom-right mask over
    /// `keys` keys (row i sees keys - rows + i + 1 of them), q and k from a fixed
    /// uniform stream, V constant `c`.
    func constantV(rows: Int, keys: Int, headDim: Int = 16, valueDim: Int = 4) -> AttentionArguments {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 4 - 2
        }
        let q = Tensor<Float>(shape: [1, rows, 1, headDim], elements: (0 ..< rows * headDim).map { _ in next() })
        let k = Tensor<Float>(shape: [1, keys, 1, headDim], elements: (0 ..< keys * headDim).map { _ in next() })
        let v = Tensor<Float>(shape: [1, keys, 1, valueDim], elements: Array(repeating: c, count: keys * valueDim))
        return AttentionArguments(q: AnyTensor(q), k: AnyTensor(k), v: AnyTensor(v), mask: AttentionMask(causal: .bottomRight))
    }

    /// A correct f32 kernel that normalizes otherwise than the baseline: weights
    /// summed in reverse key order, then o = Σ_j (p_j · (1/l)) · v_j in key order.
    func reciprocalKernel(_ args: AttentionArguments) -> Tensor<Double> {
        let d = args.dims
        let q = args.q.widened().scalars.map { Float($0) }, k = args.k.widened().scalars.map { Float($0) }
        let v = args.v.widened().scalars.map { Float($0) }
        let scale = Float(args.effectiveScale)
        var o = [Double](repeating: 0, count: d.queryLength * d.valueDim)
        for i in 0 ..< d.queryLength {
            let visible = d.keyLength - d.queryLength + i + 1
            let s = (0 ..< visible).map { j in
                scale * (0 ..< d.headDim).reduce(Float(0)) { $0 + q[i * d.headDim + $1] * k[j * d.headDim + $1] }
            }
            let m = s.max()!
            let p = s.map { Foundation.exp($0 - m) }
            let r = 1 / p.reversed().reduce(Float(0), +)
            for e in 0 ..< d.valueDim {
                o[i * d.valueDim + e] = Double((0 ..< visible).reduce(Float(0)) { $0 + (p[$1] * r) * v[$1 * d.valueDim + e] })
            }
        }
        return Tensor(shape: d.outputShape, elements: o)
    }

    @Test("on constant V the baseline is exact, so version 4's bound is the floor alone and a correct kernel exceeds it")
    func versionFourLeavesTheFloorAlone() {
        let args = constantV(rows: 16, keys: 4096)
        let baseline = BaselineAttention.compute(args)
        let golden = Tensor<Double>(shape: args.dims.outputShape) { _ in Double(c) }
        #expect(baseline.o.scalars.allSatisfy { $0 == Double(c) }, "the baseline's normalization cancels")
        #expect(baseline.oScoreRounding.scalars.allSatisfy { $0 == 0 }, "score rounding costs nothing where V is constant")
        let kernel = reciprocalKernel(args)
        let v4 = TolerancePolicy.v4.judge(tensor: "o", kernel: kernel, golden: golden, baseline: baseline.o,
                                          scoreRounding: baseline.oScoreRounding, normalization: baseline.oNormalization,
                                          floorScale: baseline.oFloorScale, dtype: .float32)
        // Version 4 ignores the normalization cost: every bound is the floor 8u·|c| (+ half the least f32).
        #expect(abs(v4.bound - 8 * u32 * Double(c)) <= 1e-12 * v4.bound)
        #expect(v4.headroom > 2, "the reciprocal kernel's error \(v4.maxAbs) is not well above version 4's floor \(v4.bound)")
        let v5 = TolerancePolicy.v5.judge(tensor: "o", kernel: kernel, golden: golden, baseline: baseline.o,
                                          scoreRounding: baseline.oScoreRounding, normalization: baseline.oNormalization,
                                          floorScale: baseline.oFloorScale, dtype: .float32)
        #expect(v5.passed, "\(v5.summary)")
        #expect(v5.headroom < 0.5, "\(v5.summary)")
    }

    @Test("the normalization cost is u·√n·|o| with n the row's visible keys, in the literal and the blocked baseline")
    func costOfEachRow() throws {
        let args = constantV(rows: 8, keys: 64)
        let literal = BaselineAttention.literal(args)
        let blocked = try #require(BaselineAttention.blocked(args, workers: 2))
        for i in 0 ..< 8 {
            let n = Double(64 - 8 + i + 1)
            for e in 0 ..< 4 {
                // Each baseline's own |o|: the literal's is c exactly, the blocked one's (sgemm's order for
                // Σ p·v, key order for l) within a few u of it.
                #expect(literal.o[0, i, 0, e] == Double(c))
                #expect(abs(blocked.o[0, i, 0, e] - Double(c)) <= 64 * u32 * Double(c))
                for result in [literal, blocked] {
                    let expected = u32 * n.squareRoot() * abs(result.o[0, i, 0, e])
                    #expect(abs(result.oNormalization[0, i, 0, e] - expected) <= 1e-12 * expected)
                }
            }
        }
    }

    @Test("version 5's bound on constant V is factor·u·√n_max·|c| + the floor, and an error just above it fails")
    func versionFiveBoundIsTight() {
        let rows = 16, keys = 1024
        let args = constantV(rows: rows, keys: keys)
        let baseline = BaselineAttention.compute(args)
        let golden = Tensor<Double>(shape: args.dims.outputShape) { _ in Double(c) }
        // ρ = u·√n_max (|o| = scale = c on every element); every element's bound is 4ρ·c + 8u·c.
        let expected = (4 * Double(keys).squareRoot() + 8) * u32 * Double(c)
        func judge(_ error: Double, scoreRounding: Bool = true) -> ErrorReport {
            let kernel = Tensor<Double>(shape: golden.shape) { i in i == [0, 3, 0, 1] ? Double(c) + error : Double(c) }
            return TolerancePolicy.v5.judge(tensor: "o", kernel: kernel, golden: golden, baseline: baseline.o,
                                            scoreRounding: scoreRounding ? baseline.oScoreRounding : nil,
                                            normalization: baseline.oNormalization,
                                            floorScale: baseline.oFloorScale, dtype: .float32)
        }
        #expect(abs(judge(0).bound - expected) <= 1e-9 * expected)
        #expect(judge(0.99 * expected).passed)
        #expect(!judge(1.01 * expected).passed)
        // The normalization cost counts on its own: a caller with no score-rounding tensor
        // (it is zero here) gets the same bound, not the floor alone.
        #expect(abs(judge(0, scoreRounding: false).bound - expected) <= 1e-9 * expected)
    }

    @Test("versions 2 to 4 keep their ids and hashes; version 5 is current and counts the normalization cost")
    func versions() throws {
        #expect(TolerancePolicy.current == .v5 && TolerancePolicy.v5.id == "attest-tolerance/5")
        #expect(TolerancePolicy.known.map(\.id) == (2 ... 5).map { "attest-tolerance/\($0)" })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(!String(decoding: try encoder.encode(TolerancePolicy.v4), as: UTF8.self).contains("normalizationCost"))
        #expect(Set(TolerancePolicy.known.map(\.sha256)).count == 4)
    }
}
