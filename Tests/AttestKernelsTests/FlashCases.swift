import AttestCore

/// Cases for `FlashAttention` beyond the shared matrix: each mask kind at
/// sizes that span several of its default blocks (64 queries × 128 keys), so
/// whole key blocks are skipped (causal, window, padding, packed sequences)
/// and rows start and end their visible keys mid-block.
enum FlashCases {
    static let multiBlock: [KernelCase] = [
        KernelCase("flash plain", sq: 150, skv: 300, hq: 2, d: 16),
        KernelCase("flash causal_tl", sq: 200, skv: 300, hq: 2, hkv: 1, d: 16) { $0.causal = .topLeft },
        KernelCase("flash causal_br", sq: 200, skv: 300, hq: 2, d: 20, dv: 17) { $0.causal = .bottomRight },
        KernelCase("flash window", sq: 260, skv: 260, hq: 1, d: 16) {
            $0.window = SlidingWindow(left: 70, right: 20)
        },
        KernelCase("flash key+query padding causal_br", b: 2, sq: 180, skv: 290, hq: 1, d: 16) {
            $0.keyLengths = [290, 100]; $0.queryLengths = [150, 180]; $0.causal = .bottomRight
        },
        KernelCase("flash packed causal_br", sq: 250, skv: 280, hq: 2, hkv: 1, d: 16) {
            $0.packed = PackedSequences(queryOffsets: [0, 70, 71, 200, 250], keyOffsets: [0, 130, 131, 131, 280])
            $0.causal = .bottomRight
        },
        KernelCase("flash boolean mask and bias", sq: 140, skv: 270, hq: 2, d: 8) {
            $0.booleanMask = BooleanMaskSpec(visibleFraction: 0.6, hiddenRows: 3); $0.bias = BiasSpec(maskedFraction: 0.2)
        },
        KernelCase("flash alibi softcap causal_tl permuted", sq: 160, skv: 160, hq: 4, hkv: 2, d: 12) {
            $0.alibi = true; $0.softcap = 6; $0.causal = .topLeft; $0.inputLayout = .permuted; $0.outputLayout = .poisoned
        },
    ]

    /// A few random feature combinations (`KernelCase.random`).
    static let randomSample: [KernelCase] = (101 ... 112).map { KernelCase.random(seed: $0) }
}
