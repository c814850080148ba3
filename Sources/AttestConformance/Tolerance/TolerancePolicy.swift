import AttestTensor
import Foundation

/// The one tolerance policy of Attest (`docs/tolerance.md`). Every numeric
/// judgement of the runner goes through it; tests never carry their own numbers.
///
/// For a tensor T (o or lse) of a kernel with element type `dtype`, golden G
/// (float64) and baseline R (the straightforward algorithm in the kernel's
/// precision, `BaselineAttention`):
///
///     pass  ⇔  nonfinite(T) == nonfinite(G) elementwise (NaN, +inf, -inf each)
///           ∧  max|T − G| ≤ factor · max_n max(|R − G|_n, c_n) + floor
///     floor = floorUnits · u · max(1, max|G|)         u = unit roundoff of `dtype`
///
/// From version 4 the bound is per element n, given each element's floor
/// scale (`ElementFloor`, `ToleranceJudge+Elements.swift`):
///
///     pass  ⇔  pattern equal  ∧  |T − G|_n ≤ factor · min(ρ · (scale_n + λ), B) + floor_n   for every n
///
/// with ρ the baseline's largest error in units of each element's scale and B its largest error.
///
/// where c_n is the score-rounding cost of element n (`BaselineAttention`):
/// what holding every score once in the accumulation precision costs there;
/// from version 5, on o, plus its normalization cost u_acc·√n·|o|.
///
/// Maxima run over the elements where G is finite. `floor` guards cases where
/// the baseline happens to be (nearly) exact, e.g. every output a
/// representable number; it is a few units of the last place of the largest
/// output, so it never hides a real error.
public struct TolerancePolicy: Sendable, Codable, Hashable {
    /// The factor and floor of one element type.
    public struct Rule: Sendable, Codable, Hashable {
        /// Multiplies the baseline's error.
        public var factor: Double
        /// The floor in units of the element type's unit roundoff, times max(1, max|G|).
        public var floorUnits: Double
        public init(factor: Double, floorUnits: Double) {
            self.factor = factor
            self.floorUnits = floorUnits
        }
    }

    /// `attest-tolerance/<version>`; recorded in every certificate.
    public var id: String
    /// Rules by `DType.shortName`.
    public var rules: [String: Rule]
    /// Whether each element's baseline error counts as at least its
    /// score-rounding cost (version 2 on).
    public var scoreRoundingCost: Bool
    /// Whether lse is judged in the precision the kernel stores it in
    /// (`lseType(call:declared:)`, version 3 on) rather than in the call's
    /// element type. nil before version 3, so earlier policies keep their
    /// canonical JSON and hash.
    public var lseInStoragePrecision: Bool?
    /// Whether a baseline further from the golden than its a-priori forward
    /// error bound (`ForwardErrorBound`) makes the case a HARNESS_ERROR instead
    /// of widening the bound (version 3 on; nil before).
    public var capsBaselineError: Bool?
    /// Whether each element gets its own bound (version 4 on; nil before): the
    /// baseline's error in units of the element's scale, and the floor of what
    /// bounds its rounding (`ElementFloor`) instead of one floor from max|G|.
    public var perElementFloor: Bool?
    /// Whether each o element's baseline error counts as at least its
    /// score-rounding cost plus its normalization cost u_acc·√n·|o|
    /// (`BaselineAttention.Result.oNormalization`; version 5 on, nil before).
    public var normalizationCost: Bool?

    public init(id: String, rules: [String: Rule], scoreRoundingCost: Bool, lseInStoragePrecision: Bool? = nil,
                capsBaselineError: Bool? = nil, perElementFloor: Bool? = nil, normalizationCost: Bool? = nil) {
        self.id = id
        self.rules = rules
        self.scoreRoundingCost = scoreRoundingCost
        self.lseInStoragePrecision = lseInStoragePrecision
        self.capsBaselineError = capsBaselineError
        self.perElementFloor = perElementFloor
        self.normalizationCost = normalizationCost
    }

    /// Version 2 (justification in `docs/tolerance.md`): version 1's factors and
    /// floors, plus the score-rounding cost. Version 1 let a baseline whose
    /// float32 score rounding happened to be lucky on logits near 1e4 set a bound
    /// that a correct BLAS kernel exceeded on about 1 random problem in 400.
    ///
    /// | dtype | factor | floor            | u      |
    /// |-------|--------|------------------|--------|
    /// | f16   | 2      | 4 u · max(1,|G|) | 2^-11  |
    /// | bf16  | 2      | 4 u · max(1,|G|) | 2^-8   |
    /// | f32   | 4      | 8 u · max(1,|G|) | 2^-24  |
    /// | f64   | 4      | 8192 u · max(1,|G|) | 2^-53 |
    public static let v2 = TolerancePolicy(id: "attest-tolerance/2", rules: [
        "f16": Rule(factor: 2, floorUnits: 4),
        "bf16": Rule(factor: 2, floorUnits: 4),
        "f32": Rule(factor: 4, floorUnits: 8),
        "f64": Rule(factor: 4, floorUnits: 8192),
    ], scoreRoundingCost: true)

    /// Version 3 (`docs/tolerance.md`): version 2, with lse judged in the
    /// precision the kernel stores it in, and the baseline's error capped by its
    /// a-priori forward error bound. Version 2 judged lse in the call's
    /// element type, so a plain bfloat16 case allowed an lse error of 0.08
    /// where a correct kernel's is below 1e-6: no kernel keeps lse in bfloat16,
    /// and an lse error δ rescales every ring block and split-KV partial
    /// merged through it by e^δ. And a golden that lies widened its own bound:
    /// the baseline disagreed with it, and the bound grew with the disagreement.
    public static let v3 = TolerancePolicy(id: "attest-tolerance/3", rules: v2.rules, scoreRoundingCost: true,
                                           lseInStoragePrecision: true, capsBaselineError: true)

    /// Version 4 (`docs/tolerance.md`): version 3, with each element judged by
    /// its own bound, `factor · min(ρ · (scale_n + λ), B) + floor_n`, where
    /// floor_n is the floor of what bounds that element's rounding and the
    /// baseline term follows the same scale (`ElementFloor`).
    /// Version 3 gave every element the floor of the largest one, so on the
    /// bf16 `outliers` case an element of size 0.5 could be off by 2.2.
    public static let v4 = TolerancePolicy(id: "attest-tolerance/4", rules: v2.rules, scoreRoundingCost: true,
                                           lseInStoragePrecision: true, capsBaselineError: true, perElementFloor: true)

    /// Version 5 (`docs/tolerance.md`): version 4, with each o element's
    /// baseline error counted as at least its score-rounding cost plus its
    /// normalization cost u_acc·√n·|o| (`BaselineAttention`). The baseline
    /// divides Σ p·v by a weight sum l formed in the same order, so where V is
    /// constant along the keys its error is exactly zero and version 4 left
    /// the floor alone, which a correct f32 kernel normalizing in another
    /// order reached exactly (`prop:gqa_mha:constant_v`, `tiled`, headroom 1.000).
    public static let v5 = TolerancePolicy(id: "attest-tolerance/5", rules: v2.rules, scoreRoundingCost: true,
                                           lseInStoragePrecision: true, capsBaselineError: true, perElementFloor: true,
                                           normalizationCost: true)

    /// The policy Attest judges with: the one default of every API that takes
    /// a policy (the runner, the certification, the fuzzer, `attest verify`).
    public static let current = v5

    /// Every policy this build knows; a report names its policy by id and hash,
    /// and reading one back finds the object here (`PolicyRecord`).
    public static let known: [TolerancePolicy] = [v2, v3, v4, v5]

    /// Each element's cost (the least baseline error the judge counts, before the factor):
    /// the score-rounding cost from version 2, plus the normalization cost from version 5
    /// (o only: lse has none); each counts when the policy has it and the caller gives it,
    /// independently of the other; nil when none counts.
    func cost(scoreRounding: Tensor<Double>?, normalization: Tensor<Double>?) -> [Double]? {
        let score = scoreRoundingCost ? scoreRounding?.scalars : nil
        let normalization = normalizationCost == true ? normalization?.scalars : nil
        guard let score else { return normalization }
        guard let normalization else { return score }
        return zip(score, normalization).map { $0 + $1 }
    }

    /// The element type whose rule judges lse for a call of element type `dtype`
    /// by a kernel declaring lse precision `declared`
    /// (`KernelCapabilities.lsePrecision`). From version 3: the coarser of the
    /// call's accumulation type and `declared`, so a bfloat16 call of a kernel
    /// declaring nothing is judged as float32 and one declaring `bf16` as
    /// bfloat16 (the baseline's lse is in the accumulation type either way).
    /// Before version 3: `dtype` itself.
    public func lseType(call dtype: DType, declared: DType?) -> DType {
        guard lseInStoragePrecision == true else { return dtype }
        let accumulation = dtype.accumulationType
        guard let declared, declared.unitRoundoff > accumulation.unitRoundoff else { return accumulation }
        return declared
    }

    public func rule(for dtype: DType) -> Rule {
        guard let rule = rules[dtype.shortName] else {
            preconditionFailure("tolerance policy \(id) has no rule for \(dtype)")
        }
        return rule
    }

    /// The bound `factor · baselineError + floor` for a tensor whose golden has
    /// largest finite magnitude `goldenMax`.
    public func bound(dtype: DType, baselineError: Double, goldenMax: Double) -> Double {
        let r = rule(for: dtype)
        return r.factor * baselineError + r.floorUnits * dtype.unitRoundoff * max(1, goldenMax)
    }

    /// SHA-256 of the policy's canonical JSON (sorted keys): recorded in certificates.
    public var sha256: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data(id.utf8)
        return Hashing.sha256(data)
    }
}
