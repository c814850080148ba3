import AttestCore
import AttestTensor

/// The `large` profile (issue 13): the shapes users ship, for kernels built
/// for them (`attest certify --kernel flash --profile large`). Sq = Skv in
/// {8192, 16384, 32768} and decode (Sq = 1) against 131,072 keys; D 64 and
/// 128 (and 32 where that keeps a case in budget); GQA and MQA with 4 and 8
/// query heads per kv head, and MHA; causal, windows, padding and packed
/// sequences; float32 and bfloat16; B = 1 (2 for the padded ones). The head counts keep the profile within 10 minutes on the
/// 2-core machine, golden and baseline included: its cost is the blocked
/// golden and, above all, the blocked baseline (about 1 GFLOP/s), so each
/// case is sized by its visible FLOPs (`CaseTimeBound.visibleFlops`), listed
/// per case below in GFLOP.
///
/// Every sequence case is above `GoldenPath.threshold` (blocked golden and
/// baseline) and above `KernelCapabilities.literalMaxFlops`, so the literal
/// reference and the mutants report them NOT_SUPPORTED; the two decode cases
/// are below the latter (every kernel runs them) and reach past 2^16 keys
/// (`mutant/kv-index-16-bit` fails there).
/// The mandatory core (`MandatoryCore`: f32, MHA and GQA × no mask, causal,
/// padding) is met by the f32 cases.
extension ProfileBuilder {
    static func largeCases() -> [String] {
        func id(_ dtype: DType, sq: Int, skv: Int, hq: Int, hkv: Int, d: Int, batch: Int = 1,
                mask: Set<AttentionFeature>, window: (left: Int?, right: Int?)? = nil) -> String {
            var spec = ProblemSpec(dtype: dtype, dims: AttentionDims(batch: batch, queryLength: sq, keyLength: skv, queryHeads: hq,
                                                                     keyValueHeads: hkv, headDim: d, valueDim: d), mask: mask)
            if let window {
                spec.mask.insert(.slidingWindow)
                spec.windowLeft = window.left
                spec.windowRight = window.right
            }
            return CaseSpec(.generated(group: "large"), spec).id
        }
        let causal: Set<AttentionFeature> = [.causalBottomRight]
        return [
            // 8192, f32: the mandatory core's six cells (MHA and GQA × no mask, causal, padding) with the
            // 32768 causal and the f32 decode case below: GQA 4 causal (69), GQA 2 no mask (69), MHA no mask
            // (34), MHA padded batch of 2 with causal (at most 17). (Hkv = 1 is MQA, outside the core.)
            id(.float32, sq: 8192, skv: 8192, hq: 8, hkv: 2, d: 64, mask: causal),
            id(.float32, sq: 8192, skv: 8192, hq: 4, hkv: 2, d: 64, mask: []),
            id(.float32, sq: 8192, skv: 8192, hq: 1, hkv: 1, d: 128, mask: []),
            id(.float32, sq: 8192, skv: 8192, hq: 1, hkv: 1, d: 64, batch: 2, mask: [.causalBottomRight, .keyPadding, .queryPadding]),
            // 8192, bf16: packed causal sequences, MQA 4/1 at D 128 (at most 69).
            id(.bfloat16, sq: 8192, skv: 8192, hq: 4, hkv: 1, d: 128, mask: [.causalBottomRight, .packedSequences]),
            // 16384: causal window 1024, MQA 8/1 at D 128 (69); causal, MQA 4/1 at D 32 (69).
            id(.float32, sq: 16384, skv: 16384, hq: 8, hkv: 1, d: 128, mask: causal, window: (1023, 0)),
            id(.bfloat16, sq: 16384, skv: 16384, hq: 4, hkv: 1, d: 32, mask: causal),
            // 32768: window (512, 0), MQA 4/1 at D 128 (34); two-sided window 256, GQA 4 at D 64 (34);
            // causal MHA at D 32 (69).
            id(.float32, sq: 32768, skv: 32768, hq: 4, hkv: 1, d: 128, mask: [], window: (512, 0)),
            id(.bfloat16, sq: 32768, skv: 32768, hq: 8, hkv: 2, d: 64, mask: [], window: (256, 256)),
            id(.float32, sq: 32768, skv: 32768, hq: 1, hkv: 1, d: 32, mask: causal),
            // Decode against 131,072 keys: key padding, GQA 8, B 2; causal window 8192, GQA 4 (under 1 each).
            id(.float32, sq: 1, skv: 131_072, hq: 16, hkv: 2, d: 128, batch: 2, mask: [.keyPadding]),
            id(.bfloat16, sq: 1, skv: 131_072, hq: 8, hkv: 2, d: 64, mask: causal, window: (8191, 0)),
        ]
    }
}
