import AttestCore
import AttestTensor
import Foundation
import Testing

/// The error these unit tests allow between a kernel and `ReferenceAttention`
/// (exact float64 arithmetic on the same inputs, up to 2^-53 relative). This is
/// the ONLY tolerance in this test target; the project-wide policy is applied
/// by the conformance runner.
///
/// Derivation. Let u be the unit roundoff of the kernel's accumulation type
/// (Float: 2^-24, Double: 2^-53) and
///
///     Λ = |scale|·max_i‖q_i‖₂·max_j‖k_j‖₂ + max|finite bias| + max_h slope_h·(Sq + Skv)
///
/// a bound on |score| before masking (Cauchy-Schwarz bounds Σ_x |q_x k_x|).
/// Rounding errors of a length-n accumulation behave like a random walk,
/// ~√n·u (Higham, *Accuracy and Stability*, §2.8 and §4.2), so
///   * a score carries δs ≲ √D·u·Λ (dot product) + a few u·Λ (scale, softcap,
///     bias, ALiBi additions: one rounding each);
///   * a relative error δs of the exp arguments moves each softmax weight
///     relatively by ≲ 2δs, so o moves by ≲ 2δs·max|v|;
///   * the softmax sum and the weighted sum over Skv keys add ≲ √Skv·u
///     relative each, i.e. ≲ 2√Skv·u·max|v| on o; exp/log add O(u).
/// Hence, with a constant c covering the tail of the random-walk model over
/// all elements of a case (≈ 4σ) times 2 for the two independent chains
/// (scores→weights and weighted sum), c = 8:
///
///     |o - o_ref|     ≤ c·u·(2√Skv + 2(√D + 4)·Λ + 4)·max|v| + u_o·|o_ref| + tiny_o
///     |lse - lse_ref| ≤ c·u·(√Skv + (√D + 4)·Λ + |lse_ref| + 4) + u_lse·|lse_ref|
///
/// where u_o, u_lse are the unit roundoffs of the output buffers' element types
/// (the final rounding) and tiny_o is the smallest subnormal of o's type.
/// Non-finite values must match exactly: lse = -inf where the reference has
/// -inf, and no NaN anywhere.
struct KernelErrorBound {
    static let c = 8.0

    let u: Double
    let lambda: Double
    let maxV: Double
    let keyLength: Int
    let headDim: Int

    init(_ args: AttentionArguments, accumulation: DType) {
        u = accumulation.unitRoundoff
        let d = args.dims
        /// max over rows of the Euclidean norm of the last axis.
        func maxRowNorm(_ t: AnyTensor) -> Double {
            let s = t.widened().scalars, x = t.shape[3]
            return stride(from: 0, to: s.count, by: x).map {
                s[$0 ..< $0 + x].reduce(0) { $0 + $1 * $1 }.squareRoot()
            }.max() ?? 0
        }
        // Softcap does not shrink it: tanh' <= 1 passes a score error through unchanged.
        var lambda = abs(args.effectiveScale) * maxRowNorm(args.q) * maxRowNorm(args.k)
        if let bias = args.bias { lambda += bias.widened().scalars.filter(\.isFinite).map(abs).max() ?? 0 }
        if let slopes = args.alibiSlopes {
            lambda += (slopes.map(abs).max() ?? 0) * Double(d.queryLength + d.keyLength)
        }
        self.lambda = lambda
        maxV = args.v.widened().scalars.map(abs).max() ?? 0
        keyLength = d.keyLength
        headDim = d.headDim
    }

    /// Allowed |o - o_ref| at an element whose reference value is `reference`.
    func output(_ reference: Double, outputType: DType) -> Double {
        let skv = Double(keyLength).squareRoot(), dd = Double(headDim).squareRoot()
        return Self.c * u * (2 * skv + 2 * (dd + 4) * lambda + 4) * maxV
            + outputType.unitRoundoff * abs(reference) + outputType.leastNonzeroMagnitude
    }

    /// Allowed |lse - lse_ref| at an element whose reference value is `reference`.
    func logSumExp(_ reference: Double, outputType: DType) -> Double {
        let skv = Double(keyLength).squareRoot(), dd = Double(headDim).squareRoot()
        return Self.c * u * (skv + (dd + 4) * lambda + abs(reference) + 4) + outputType.unitRoundoff * abs(reference)
    }
}

extension DType {
    /// The type a shipped kernel accumulates in for inputs of this type.
    var accumulation: DType { self == .float64 ? .float64 : .float32 }
}
