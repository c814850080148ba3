import AttestCore

extension KernelCase {
    /// Every feature of `AttentionFeature`, both causal alignments, Sq < Skv,
    /// Sq > Skv, Sq = 1, odd head sizes (1, 3, 59), Dv != D, GQA and MQA,
    /// padding with B > 1, packed sequences with length-1 (and empty)
    /// sequences, fully masked rows, logits near 1e4, permuted and poisoned
    /// strided layouts, and sizes that span several tiles.
    static let matrix: [KernelCase] = [
        KernelCase("plain", b: 2, sq: 17, skv: 23, hq: 3, d: 16),
        KernelCase("causal_tl sq<skv", sq: 9, skv: 21) { $0.causal = .topLeft },
        KernelCase("causal_br sq<skv", sq: 9, skv: 21) { $0.causal = .bottomRight },
        KernelCase("causal_tl sq>skv", sq: 21, skv: 9) { $0.causal = .topLeft },
        KernelCase("causal_br sq>skv (first rows fully masked)", sq: 21, skv: 9) { $0.causal = .bottomRight },
        KernelCase("sq=1", b: 2, sq: 1, skv: 37, d: 12),
        KernelCase("sq=1 causal_br", sq: 1, skv: 37) { $0.causal = .bottomRight },
        KernelCase("sq=1 causal_tl", sq: 1, skv: 37) { $0.causal = .topLeft },
        KernelCase("skv=1", sq: 5, skv: 1),
        KernelCase("window (5, 3)", sq: 30, skv: 40) { $0.window = SlidingWindow(left: 5, right: 3) },
        KernelCase("window left 4 + causal_br", sq: 40, skv: 30) {
            $0.window = SlidingWindow(left: 4, right: nil); $0.causal = .bottomRight
        },
        KernelCase("window right 0 only", sq: 12, skv: 12) { $0.window = SlidingWindow(left: nil, right: 0) },
        KernelCase("window (0, 0) sq>skv", sq: 15, skv: 6) { $0.window = SlidingWindow(left: 0, right: 0) },
        KernelCase("key padding", b: 3, sq: 11, skv: 19) { $0.keyLengths = [19, 7, 0] },
        KernelCase("query padding", b: 3, sq: 11, skv: 19) { $0.queryLengths = [11, 4, 0] },
        KernelCase("key+query padding causal_br", b: 3, sq: 13, skv: 17) {
            $0.keyLengths = [17, 5, 9]; $0.queryLengths = [13, 8, 1]; $0.causal = .bottomRight
        },
        KernelCase("key+query padding causal_tl window", b: 2, sq: 16, skv: 16) {
            $0.keyLengths = [10, 16]; $0.queryLengths = [16, 12]; $0.causal = .topLeft
            $0.window = SlidingWindow(left: 3, right: 0)
        },
        KernelCase("packed varlen", sq: 22, skv: 27) {
            $0.packed = PackedSequences(queryOffsets: [0, 1, 9, 20], keyOffsets: [0, 1, 12, 25])
        },
        KernelCase("packed varlen causal_br with empty and length-1", sq: 14, skv: 16, hq: 4, hkv: 2) {
            $0.packed = PackedSequences(queryOffsets: [0, 1, 1, 6, 7, 14], keyOffsets: [0, 1, 3, 10, 11, 16])
            $0.causal = .bottomRight
        },
        KernelCase("packed varlen causal_tl window alibi", sq: 20, skv: 20) {
            $0.packed = PackedSequences(queryOffsets: [0, 8, 9, 20], keyOffsets: [0, 8, 9, 20])
            $0.causal = .topLeft; $0.window = SlidingWindow(left: 2, right: nil); $0.alibi = true
        },
        KernelCase("boolean mask", b: 2, sq: 13, skv: 18, hq: 3) { $0.booleanMask = BooleanMaskSpec() },
        KernelCase("boolean mask broadcast", b: 2, sq: 13, skv: 18, hq: 3) {
            $0.booleanMask = BooleanMaskSpec(perBatch: false, perHead: false, visibleFraction: 0.3, hiddenRows: 1)
        },
        KernelCase("bias", b: 2, sq: 10, skv: 14, hq: 3) { $0.bias = BiasSpec() },
        KernelCase("bias broadcast batch", b: 2, sq: 10, skv: 14, hq: 3) { $0.bias = BiasSpec(perBatch: false) },
        KernelCase("bias broadcast head", b: 2, sq: 10, skv: 14, hq: 3) { $0.bias = BiasSpec(perHead: false) },
        KernelCase("bias -inf rows", sq: 10, skv: 4) { $0.bias = BiasSpec(maskedFraction: 0.6) },
        KernelCase("alibi", sq: 12, skv: 20, hq: 4) { $0.alibi = true },
        KernelCase("alibi causal_br key padding", b: 2, sq: 12, skv: 20, hq: 4) {
            $0.alibi = true; $0.causal = .bottomRight; $0.keyLengths = [20, 9]
        },
        KernelCase("softcap", sq: 11, skv: 13, d: 16) { $0.softcap = 5; $0.scale = 2; $0.magnitude = 2 },
        KernelCase("gqa 8/2", sq: 10, skv: 12, hq: 8, hkv: 2),
        KernelCase("gqa 6/3 causal_br", sq: 10, skv: 12, hq: 6, hkv: 3) { $0.causal = .bottomRight },
        KernelCase("mqa 4/1", b: 2, sq: 9, skv: 11, hq: 4, hkv: 1),
        KernelCase("d=1 dv=1", sq: 7, skv: 9, d: 1),
        KernelCase("d=3 dv=5", sq: 7, skv: 9, d: 3, dv: 5),
        KernelCase("d=59", sq: 8, skv: 10, hq: 1, d: 59),
        KernelCase("d=64 dv=32", sq: 8, skv: 10, d: 64, dv: 32),
        KernelCase("dv=1 d=3", sq: 8, skv: 10, d: 3, dv: 1),
        KernelCase("logits ~1e4", sq: 9, skv: 15) { $0.scale = 5000 },
        KernelCase("negative scale", sq: 9, skv: 15) { $0.scale = -0.7 },
        KernelCase("permuted layouts", b: 2, sq: 9, skv: 13, hq: 4, hkv: 2, d: 5, dv: 7) {
            $0.inputLayout = .permuted; $0.outputLayout = .permuted; $0.causal = .bottomRight
        },
        KernelCase("poisoned strided views", b: 2, sq: 9, skv: 13, hq: 4, hkv: 2, d: 5, dv: 7) {
            $0.inputLayout = .poisoned; $0.outputLayout = .poisoned
            $0.bias = BiasSpec(); $0.keyLengths = [13, 6]
        },
        KernelCase("many tiles causal_br", sq: 130, skv: 150, hq: 2, hkv: 1, d: 16) { $0.causal = .bottomRight },
        KernelCase("many tiles window", sq: 150, skv: 130, d: 8) { $0.window = SlidingWindow(left: 40, right: 10) },
        KernelCase("everything", b: 2, sq: 37, skv: 45, hq: 6, hkv: 2, d: 7, dv: 9) {
            $0.causal = .bottomRight; $0.window = SlidingWindow(left: 20, right: nil)
            $0.keyLengths = [45, 30]; $0.queryLengths = [37, 20]; $0.booleanMask = BooleanMaskSpec(visibleFraction: 0.8)
            $0.bias = BiasSpec(maskedFraction: 0.05); $0.alibi = true; $0.softcap = 8; $0.scale = 0.9
            $0.inputLayout = .permuted
        },
    ]
}
