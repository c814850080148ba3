import AttestCore

/// The mutant zoo: deliberately broken kernels, each one bug that real
/// attention kernels have shipped, registered as `mutant/<bug>`. A
/// conformance suite that certifies any of them is too weak; the mutant tests
/// and the certification tests hold the suite to that.
///
/// Each entry: the name, the bug in one line, and the public report it
/// mirrors when there is one (a "related" report shows the same class of bug).
public enum Mutants {
    /// Every mutant, in a fixed order.
    public static let zoo: [MutantKernel] = [
        // Scores
        MutantKernel("scale-missing", ScaleMissing(), bug: "q·k is never scaled (scale 1)"),
        MutantKernel("scale-inverse-d", ScaleInverseHeadDim(), bug: "default scale 1/D instead of 1/sqrt(D)"),
        MutantKernel("softcap-missing", SoftcapMissing(), bug: "softcap ignored"),
        MutantKernel("softcap-after-bias", SoftcapAfterBias(), bug: "softcap applied to score + bias instead of before the bias"),
        MutantKernel("alibi-sign-flipped", AlibiSignFlipped(), bug: "ALiBi adds +slope·|distance|"),
        MutantKernel("alibi-top-left", AlibiTopLeft(), bug: "ALiBi distance aligned top-left (|i - j|), not bottom-right",
                     mirrors: "related: Dao-AILab/flash-attention#1778 (bottom-right alignment when Sq != Skv)"),
        MutantKernel("bias-broadcast-axis-swapped", BiasBroadcastAxisSwapped(), bug: "a bias broadcast over heads is indexed by batch and vice versa",
                     mirrors: "related: intel/torch-xpu-ops#5090 (per-head mask with GQA)"),
        // Masks
        MutantKernel("causal-excludes-diagonal", CausalExcludesDiagonal(), bug: "causal uses j < i: a query never sees its own key"),
        MutantKernel("causal-sees-next-key", CausalSeesNextKey(), bug: "causal uses j <= i + 1: one future key leaks"),
        MutantKernel("causal-alignment-swapped", CausalAlignmentSwapped(), bug: "top-left and bottom-right causal alignment swapped",
                     mirrors: "pytorch/pytorch#108108, Dao-AILab/flash-attention#581, NVIDIA/cudnn-frontend PR #493"),
        MutantKernel("window-off-by-one", WindowOffByOne(), bug: "sliding window admits one key too many on the left"),
        MutantKernel("bool-mask-inverted-broadcast", BooleanMaskInvertedWhenBroadcast(),
                     bug: "a boolean mask broadcast over heads is read as true = hidden"),
        MutantKernel("key-padding-ignored", KeyPaddingIgnored(), bug: "keyLengths ignored: padded keys attended",
                     mirrors: "related: pytorch/pytorch#112577 (custom attn_mask gave wrong outputs)"),
        MutantKernel("query-padding-ignored", QueryPaddingIgnored(), bug: "queryLengths ignored: padded rows computed, not zeroed"),
        MutantKernel("packed-leak", PackedSequencesLeak(), bug: "packed sequences attend to earlier sequences' keys"),
        // Numerics
        MutantKernel("softmax-without-max", SoftmaxWithoutMax(), bug: "softmax without subtracting the row maximum: overflows on large logits",
                     mirrors: "related: pytorch/pytorch#121558 (NaN for large bf16 inputs), flashinfer-ai/flashinfer#4267"),
        MutantKernel("float16-accumulation", Float16Accumulation(), bug: "dot products and sums accumulated in float16 for every element type",
                     mirrors: "related: huggingface/transformers#17306, pytorch/pytorch PR #128922"),
        MutantKernel("lse-base2", LSEBase2(), bug: "lse written as log2 instead of the natural log"),
        MutantKernel("lse-in-element-type", LSEInElementType(), bug: "lse stored through the call's element type (f16, bf16) instead of float32"),
        MutantKernel("nan-fully-masked", NaNForFullyMaskedRows(), bug: "fully masked rows give NaN while the kernel declares zeros",
                     mirrors: "pytorch/pytorch#103749, #109517; huggingface/transformers#17306"),
        MutantKernel("nondeterministic", RunDependentNoise(), bug: "declared deterministic, but each run moves one output element by about one ulp"),
        MutantKernel("shared-row-exponent", SharedRowExponent(),
                     bug: "o stored through one exponent per row: elements far below the row's maximum rounded to its grid"),
        // Memory
        MutantKernel("gqa-tiled", GroupedQueryTiled(), bug: "GQA head map h % Hkv (tile) instead of h / (Hq/Hkv) (repeat-interleave)",
                     mirrors: "onnx/onnx PR #7274, apple/axlearn PR #842"),
        MutantKernel("batch-mixing", BatchMixing(), bug: "batch b reads k and v of batch (b + 1) % B"),
        MutantKernel("partial-key-tile-dropped", PartialKeyTileDropped(), bug: "keys past the last full tile of 16 ignored"),
        MutantKernel("partial-query-tile-unwritten", PartialQueryTileUnwritten(), bug: "rows past the last full tile of 16 queries never stored"),
        MutantKernel("unwritten-row", UnwrittenLastRow(), bug: "the last row of the last head of the last batch entry never stored"),
        MutantKernel("dv-as-d", ValueDimAsHeadDim(), bug: "v read with row stride D instead of Dv"),
        MutantKernel("output-layout-bhsd", OutputLayoutBHSD(), bug: "o written as [B, H, S, Dv] instead of [B, S, H, Dv]"),
        MutantKernel("read-past-end-k", ReadPastEndOfKeys(), bug: "loads key row Skv (one past the end of k) and masks it by a zero weight",
                     mirrors: "related: pytorch/pytorch#101967 (NaN in a masked-out key leaks into the output)"),
        // Shapes (issue 12, families 1, 2, 3, 6; kv-index-16-bit: issue 13, caches past 2^16 keys)
        MutantKernel("last-tile-padding-visible", LastTilePaddingVisible(),
                     bug: "key tiles of 128: past the first tile, the last tile's zero-filled padding keys are attended"),
        MutantKernel("head-dim-first-64", HeadDimFirst64(), bug: "q·k sums only the first 64 features of a head (kernel built for D = 64)"),
        MutantKernel("split-kv-empty-lse-zero", SplitKVEmptySplitLSEZero(),
                     bug: "split-KV decode (Sq <= 4, splits of 256 keys): a split with no visible key merges with lse 0 instead of -inf"),
        MutantKernel("window-tiles-rounded", WindowTilesRounded(),
                     bug: "window applied per key only in the diagonal's tile and its neighbours: tiles of 64 past them taken whole"),
        MutantKernel("kv-index-16-bit", KeyIndex16Bit(), bug: "key position kept in 16 bits: past 65,536 keys, key j reads the value row of j mod 2^16"),
        // Content (issue 12)
        MutantKernel("pv-over-hidden-keys", HiddenValuesSummed(), bug: "P·V summed over every key, hidden keys included with weight 0 (0 · NaN = NaN)"),
        MutantKernel("packed-search-depth-3", PackedSearchDepth3(),
                     bug: "the packed sequence of a query found by a binary search of fixed depth 3: wrong beyond 8 sequences"),
        MutantKernel("gqa-index-mod-8", GroupedQueryModulo8(), bug: "GQA (Hq > Hkv) kv head (h / (Hq/Hkv)) % 8: wrong with more than 8 kv heads"),
        MutantKernel("wide-head-packed-offset", WideHeadPackedOffset(),
                     bug: "heads wider than 64 loaded at h·D instead of h·stride_h (assumes packed heads)"),
    ]

    /// Every mutant as a kernel, for registries and runners.
    public static var all: [any AttentionKernel] { zoo }

    /// Registers every mutant in `registry` (the `attest` tool does this, and
    /// `attest list` shows them only with `--mutants`).
    public static func register(in registry: KernelRegistry) throws {
        for mutant in zoo { try registry.register(mutant) }
    }

    /// Whether `name` is a mutant's registry name.
    public static func isMutant(_ name: String) -> Bool { name.hasPrefix("mutant/") }
}
