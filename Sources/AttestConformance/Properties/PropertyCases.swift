import AttestCore
import AttestTensor

/// `prop:<name>:<variant>:<problem parameters>`: a property of the contract
/// checked on the seeded problem the parameters describe (see `ProblemSpec`).
/// Each property states its golden, which is always the float64 reference on
/// some problem (or an exact analytic value), and is judged by the tolerance
/// policy like every other case.
///
/// | name | variants | what it checks |
/// |---|---|---|
/// | range | default | every output lies in [min, max] of the visible value rows (± the o bound) |
/// | permute_kv | default | permuting keys and values jointly leaves o unchanged (no mask) |
/// | shift_keys | small, large | adding one vector to every key leaves o unchanged; large shifts move scores by ~1e4 (f32, f64) or ~60 (f16, bf16) to stress the softmax maximum |
/// | masked_values | default | keys and values hidden by key padding set to 1e4 change nothing |
/// | causal_future | default | under a causal mask, new q/k/v at positions >= Sq/2 leave earlier rows unchanged |
/// | batch_independence | default | new inputs in the last batch entry leave the others unchanged |
/// | head_independence | default | new q/k/v in head 0 leave the other heads unchanged (MHA) |
/// | gqa_mha | repeat, constant_v | GQA equals MHA with repeat-interleaved K/V heads; with V constant per kv head, o of head h equals the constant of kv head h/(Hq/Hkv) |
/// | layout | contiguous, bhsd, padded, fused_qkv, broadcast_kv, broadcast_heads | strided inputs: contiguous, permuted views of a [B,H,S,D] buffer, padded strides, slices of a fused QKV buffer, stride-0 batch of K/V, stride-0 head axis of K/V (MQA by expand) |
/// | nan_oob | default | NaN written all around every input view changes nothing |
/// | poisoned_output | default | o and lse are strided views into NaN storage: every element must be written, nothing outside them |
/// | determinism | default | two runs give identical bits (NOT_SUPPORTED when the kernel declares itself nondeterministic) |
/// | lse | default, masked | lse equals the golden lse (NOT_SUPPORTED when the kernel does not write lse) |
///
/// `contentVariants` (`PropertyCases+Content.swift`) adds hidden_nonfinite and packing.
public enum PropertyCases {
    /// Property names and their variants, in the order of the table above.
    public static let variants: [(name: String, variants: [String])] = [
        ("range", ["default"]), ("permute_kv", ["default"]), ("shift_keys", ["small", "large"]),
        ("masked_values", ["default"]), ("causal_future", ["default"]), ("batch_independence", ["default"]),
        ("head_independence", ["default"]), ("gqa_mha", ["repeat", "constant_v"]),
        ("layout", ["contiguous", "bhsd", "padded", "fused_qkv", "broadcast_kv", "broadcast_heads"]), ("nan_oob", ["default"]),
        ("poisoned_output", ["default"]), ("determinism", ["default"]), ("lse", ["default", "masked"]),
    ]

    /// The case of `spec` (whose origin is `.property`); an unknown property or variant is a broken case.
    public static func make(_ spec: CaseSpec) -> ConformanceCase {
        let id = spec.id
        guard case let .property(name, variant) = spec.origin,
              let entry = (variants + contentVariants).first(where: { $0.name == name }), entry.variants.contains(variant) else {
            return .broken(id: id, ConformanceError.unknownCase(
                id, "no property '\(spec.origin.source)' with variant '\(spec.origin.group)'"))
        }
        let problem = spec.problem
        return ConformanceCase(spec) {
            try build(name: name, variant: variant, spec: problem, idText: id)
        }
    }

    static func build(name: String, variant: String, spec: ProblemSpec, idText: String) throws -> CaseProblem {
        let original = try spec.arguments(idText: idText)
        switch name {
        case "range": return try range(original)
        case "permute_kv": return try permuteKV(original, idText: idText)
        case "shift_keys": return try shiftKeys(original, large: variant == "large")
        case "masked_values": return try maskedValues(original)
        case "causal_future": return try causalFuture(original, idText: idText)
        case "batch_independence": return try batchIndependence(original, idText: idText)
        case "head_independence": return try headIndependence(original, idText: idText)
        case "gqa_mha": return try gqaEqualsMHA(original, constantV: variant == "constant_v")
        case "layout": return try layout(original, variant: variant)
        case "nan_oob": return try nanOutOfBounds(original)
        case "poisoned_output":
            var p = try CaseProblem(referenceFor: original)
            p.outputs = .embedded
            return p
        case "determinism": return try determinism(original)
        case "lse":
            var p = try CaseProblem(referenceFor: original)
            p.requiresLSE = true
            return p
        default: return try buildContent(name: name, variant: variant, original: original, idText: idText)
        }
    }
}

/// Small tensor edits for building transformed problems. Inputs are already
/// exact in their element type, so widening, editing and rounding back changes
/// only the edited elements.
enum TensorEdit {
    static func edited(_ t: AnyTensor, _ body: (Tensor<Double>) -> Void) -> AnyTensor {
        let w = t.widened()
        body(w)
        return AnyTensor.converting(w, to: t.dtype)
    }

    /// A golden whose elements come from `b` where `useB(index)` holds, else from `a`.
    static func combine(_ a: Tensor<Double>, _ b: Tensor<Double>, useB: ([Int]) -> Bool) -> Tensor<Double> {
        Tensor(shape: a.shape) { i in useB(i) ? b[i] : a[i] }
    }
}
