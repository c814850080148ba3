import AttestCore

/// A configuration a preamble cannot run, with the rule it breaks.
struct PlanRejection: Error {
    let reason: String
}

/// Where every token and head of one call lives under Ulysses with P ranks
/// (notes §7.2), decided before any collective starts.
///
/// Rules, checked in this order (each failure is a `PlanRejection` naming it):
/// 1. Tokens: rank i holds `Partition.balanced(S, P)` of the queries and of the
///    keys (contiguous, the first `S mod P` ranks one token more), so
///    `S % P != 0` is handled by all-to-allv; every rank needs a token: S >= P.
/// 2. Heads, even mode (`Hq % P == 0`): rank j takes q heads
///    `[j·Hq/P, (j+1)·Hq/P)`. KV heads: `Hkv % P == 0` splits them the same way;
///    `Hkv < P` with `P % Hkv == 0` first repeats each kv head `P/Hkv` times
///    adjacently (`repeat_interleave`, ALST), so `Hkv' = P` and rank j holds
///    replica j; any other Hkv is rejected (e.g. Hkv = 12, P = 8).
/// 3. Heads, uneven mode (`Hq % P != 0`, DeepSpeed `uneven_heads_all2all`):
///    split in whole kv heads, `kv_j = ⌊Hkv/P⌋ + (j < Hkv mod P ? 1 : 0)` and
///    `hq_j = (Hq/Hkv)·kv_j` (DeepSpeed's `get_shard_size` with `num_kv_heads`;
///    for MHA exactly `get_shard_size_list(H, P)`, e.g. 7 heads on 4 ranks give
///    [2, 2, 2, 1]). It needs Hkv >= P, else it is rejected.
struct UlyssesPlan: Sendable, Equatable {
    let world: Int
    let queryTokens: Partition
    let keyTokens: Partition
    let queryHeads: Partition
    /// Over the `Hkv · replication` heads of the replicated key/value tensors.
    let keyValueHeads: Partition
    /// `P / Hkv` when Hkv < P (each kv head repeated adjacently), else 1.
    let replication: Int

    init(_ d: AttentionDims, world p: Int) throws {
        world = p
        guard d.queryLength >= p, d.keyLength >= p else {
            throw PlanRejection(reason: "Sq=\(d.queryLength) and Skv=\(d.keyLength) must be at least P=\(p): every rank needs one token")
        }
        queryTokens = .balanced(d.queryLength, parts: p)
        keyTokens = .balanced(d.keyLength, parts: p)
        let hq = d.queryHeads, hkv = d.keyValueHeads
        if hq % p == 0 {
            queryHeads = .balanced(hq, parts: p)
            if hkv % p == 0 {
                replication = 1
            } else if p % hkv == 0 {
                replication = p / hkv
            } else {
                throw PlanRejection(reason: "Hkv=\(hkv) is neither a multiple nor a divisor of P=\(p): kv heads can be neither split nor replicated evenly")
            }
            keyValueHeads = .balanced(hkv * replication, parts: p)
        } else {
            guard hkv >= p else {
                throw PlanRejection(reason: "Hq=\(hq) is not a multiple of P=\(p), and the uneven head split (in whole kv heads) needs Hkv >= P, got Hkv=\(hkv)")
            }
            replication = 1
            keyValueHeads = .balanced(hkv, parts: p)
            queryHeads = keyValueHeads.scaled(by: hq / hkv)
        }
    }

    /// The sizes the core sees on rank r: all Sq, Skv tokens, the local heads.
    func localDims(_ d: AttentionDims, rank r: Int) -> AttentionDims {
        AttentionDims(batch: d.batch, queryLength: d.queryLength, keyLength: d.keyLength,
                      queryHeads: queryHeads.sizes[r], keyValueHeads: keyValueHeads.sizes[r],
                      headDim: d.headDim, valueDim: d.valueDim)
    }
}
