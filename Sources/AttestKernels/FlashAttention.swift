import AttestCore
import AttestTensor
import Foundation

/// A FlashAttention-2-style forward on the CPU: online softmax over key
/// blocks, register-blocked SIMD inner products, threads over
/// (batch, head, query block), and no score buffer larger than one tile.
///
/// Work items are the (b, h, query block of `queryBlock` rows) triples; each
/// is computed by one thread from start to finish, so the result does not
/// depend on the thread count. For its rows it walks the key blocks of
/// `keyBlock` keys (aligned at key 0) that any row can see (`RowBounds`:
/// causal, window, key padding and packed sequences; key blocks fully masked
/// for every row of the query block are skipped, and a row is left out of a
/// key block it cannot see), and keeps per row
///
///     m   running max of the finished scores seen so far   (-inf before any visible key)
///     l   running Σ exp(s - m)
///     acc running Σ exp(s - m) · v[j, :]                   (Dv entries)
///
/// merging a block with max m_b as `m' = max(m, m_b)`, `α = exp(m - m')`
/// (not evaluated while m = -inf), `l' = α·l + Σ exp(s - m')`,
/// `acc' = α·acc + Σ exp(s - m')·v`; a block whose scores are all -inf for a
/// row leaves the row unchanged. At the end `o = acc / l`,
/// `lse = m + log(l)`; a row with no visible key gets o = 0, lse = -inf.
///
/// Per (query block, key block) tile:
///
///     S[r, c] = Σ_x q[r, x] · k[c, x]     fused multiply-add in x order (`FlashMath.scores`, 6 rows × 16 keys in registers)
///     S       = scale, softcap, bias, ALiBi, masks   row by row (`ScoreRules`)
///     P       = exp(S - m')                          (`TileMath.exponentiate`, `Float.fastExp`)
///     acc    += P · V                                 fused multiply-add in key order (`FlashMath.accumulate`, 6 rows × 16 features)
///
/// Keys a row cannot see have weight exactly 0, and a value row holding a NaN
/// or an infinity is only ever multiplied by a non-zero weight, so values of
/// masked keys never reach o (not even as 0·NaN).
///
/// Shapes: q `[B, Sq, Hq, D]`, k `[B, Skv, Hkv, D]`, v `[B, Skv, Hkv, Dv]`,
/// o `[B, Sq, Hq, Dv]`, lse `[B, Hq, Sq]`; any strides; o and lse in any element type.
///
/// Precision: float32, float16 and bfloat16 storage, float32 accumulation:
/// inputs are widened exactly to Float once; every dot product, score rule,
/// max, exponential (`Float.fastExp`), running sum, weighted sum and the lse
/// are Float. float64 inputs do all of that in Double (C library `exp`), with
/// `SIMD8<Double>` vectors: the multi-head-attention fixtures of the mandatory
/// core call the kernel in float64. lse is computed and declared in the
/// call's accumulation type (`lsePrecision` nil: float32, or float64 for
/// float64 calls). o and lse are rounded once to their
/// buffers' element types. The result is deterministic and independent of the
/// thread count and of block skipping: the order of every sum depends only on
/// the shapes, masks and block sizes.
///
/// Memory beyond the inputs and the outputs: k and v packed (key panels,
/// value rows), the outputs in the accumulation type, and per thread the
/// work item's `queryBlock × D` query rows, one `queryBlock × keyBlock` score
/// tile (and bias and mask tiles when the call has them) and the
/// `queryBlock × Dv` accumulators; never Sq × Skv.
public struct FlashAttention: AttentionKernel {
    /// Queries per work item (rows sharing each loaded key block).
    public let queryBlock: Int
    /// Keys per block; a multiple of 16 (the key panel width in Float, twice Double's).
    public let keyBlock: Int
    /// Threads per call; nil picks `automaticThreads(for:)`.
    public let threads: Int?
    /// Whether key blocks (and rows of a key block) that no row can see are
    /// skipped. Off only in tests, which check it changes no bit.
    let skipsMaskedBlocks: Bool

    /// - Parameters:
    ///   - queryBlock: rows per work item, at least 1.
    ///   - keyBlock: keys per block, a positive multiple of 16.
    ///   - threads: threads per call (at least 1), or nil for automatic: one
    ///     thread per active processor, but one thread for calls under 2^26
    ///     flops (4·B·Hq·Sq·Skv·D), where starting threads costs more than it
    ///     saves and where the conformance runner's parallel workers and Swift
    ///     Testing's parallel tests already keep both cores busy.
    public init(queryBlock: Int = 64, keyBlock: Int = 128, threads: Int? = nil) {
        self.init(queryBlock: queryBlock, keyBlock: keyBlock, threads: threads, skipsMaskedBlocks: true)
    }

    init(queryBlock: Int, keyBlock: Int, threads: Int?, skipsMaskedBlocks: Bool) {
        precondition(queryBlock >= 1, "queryBlock must be at least 1, got \(queryBlock)")
        precondition(keyBlock >= 16 && keyBlock % 16 == 0, "keyBlock must be a positive multiple of 16, got \(keyBlock)")
        precondition(threads.map { $0 >= 1 } ?? true, "threads must be at least 1, got \(threads!)")
        self.queryBlock = queryBlock
        self.keyBlock = keyBlock
        self.threads = threads
        self.skipsMaskedBlocks = skipsMaskedBlocks
    }

    public var name: String { "flash" }

    public var capabilities: KernelCapabilities {
        KernelCapabilities(dtypes: Set(DType.allCases), features: Set(AttentionFeature.allCases))
    }

    /// The thread count a call with `threads == nil` uses (see `init`).
    public static func automaticThreads(for dims: AttentionDims) -> Int {
        let flops = 4.0 * Double(dims.batch * dims.queryHeads) * Double(dims.queryLength) * Double(dims.keyLength)
            * Double(max(dims.headDim, dims.valueDim))
        return flops < 67_108_864 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try checkCall(self, args, output)
        let threads = threads ?? Self.automaticThreads(for: args.dims)
        switch args.dtype {
        case .float32, .float16, .bfloat16:
            FlashPass<Float>(args, queryBlock: queryBlock, keyBlock: keyBlock, skipsMaskedBlocks: skipsMaskedBlocks)
                .run(threads: threads, into: output)
        case .float64:
            FlashPass<Double>(args, queryBlock: queryBlock, keyBlock: keyBlock, skipsMaskedBlocks: skipsMaskedBlocks)
                .run(threads: threads, into: output)
        }
    }
}
