import AttestCore
import AttestTensor

/// The skeleton a sharded preamble (Ulysses, ring) runs one call through,
/// written once; the preamble supplies where tokens live and the rank body.
///
/// 1. `ShardedCall`: what every rank knows without communication: sizes, the
///    score parameters, the mask's rules without per-token data
///    (`TokenMetadata.stripped`), the output element types, and the global
///    positions of the query and key tokens each rank holds;
/// 2. `shards`: what rank r holds before the first collective: q rows at its
///    query positions, k and v rows at its key positions, the metadata codes
///    of those tokens, and its query rows of the boolean mask and bias;
/// 3. `run`: every rank's body on its shard in a `SimulatedProcessGroup`
///    (the collective timeout, the owner named in errors), the group's ledger
///    recorded in the preamble's log, then step 5;
/// 4. `globalMask`: on each rank, the padding lengths and packed offsets
///    rebuilt from the all-gathered token codes (collectives `meta.query`,
///    `meta.key`; `TokenMetadata`);
/// 5. `scatter`: each rank's query rows written back into the caller's buffers.
struct ShardedCall: Sendable {
    /// What rank r holds before the first collective.
    struct RankShard: Sendable {
        var q: AnyTensor           // [B, n_r, Hq, D]
        var k: AnyTensor           // [B, m_r, Hkv, D]
        var v: AnyTensor           // [B, m_r, Hkv, Dv]
        var queryCodes: IntegerVector?
        var keyCodes: IntegerVector?
        var boolean: Tensor<Bool>? // [Bm, Hm, n_r, Skv]
        var bias: AnyTensor?       // [Bb, Hb, n_r, Skv]
    }

    var dims: AttentionDims
    var scale: Double?
    var softcap: Double?
    /// The mask's rules only (`TokenMetadata.stripped`); `globalMask` restores the rest.
    var mask: AttentionMask
    var alibiSlopes: [Double]?
    var outputType: DType
    var lseType: DType?
    /// `queryPositions[r]`: the global query positions rank r holds, in its order.
    var queryPositions: [[Int]]
    /// `keyPositions[r]`: the global key positions rank r holds, in its order.
    var keyPositions: [[Int]]
    var queryMetadata: Bool
    var keyMetadata: Bool

    init(_ args: AttentionArguments, output: AttentionOutput, queryPositions: [[Int]], keyPositions: [[Int]]) {
        dims = args.dims
        scale = args.scale
        softcap = args.softcap
        mask = TokenMetadata.stripped(args.mask)
        alibiSlopes = args.alibiSlopes
        outputType = output.o.dtype
        lseType = output.lse?.dtype
        self.queryPositions = queryPositions
        self.keyPositions = keyPositions
        queryMetadata = TokenMetadata.isPresent(in: args.mask, side: .query)
        keyMetadata = TokenMetadata.isPresent(in: args.mask, side: .key)
    }

    var world: Int { queryPositions.count }

    /// Step 2: every rank's shard of `args`.
    func shards(_ args: AttentionArguments) -> [RankShard] {
        (0 ..< world).map { r in
            let rows = queryPositions[r], keys = keyPositions[r]
            return RankShard(
                q: Self.rows(args.q, axis: 1, rows), k: Self.rows(args.k, axis: 1, keys), v: Self.rows(args.v, axis: 1, keys),
                queryCodes: queryMetadata ? TokenMetadata.encode(args.mask, side: .query, batch: dims.batch, positions: rows) : nil,
                keyCodes: keyMetadata ? TokenMetadata.encode(args.mask, side: .key, batch: dims.batch, positions: keys) : nil,
                boolean: args.mask.boolean.map { Self.rows($0, axis: 2, rows) },
                bias: args.bias.map { Self.rows($0, axis: 2, rows) })
        }
    }

    /// What a rank's body returns: its query rows of o `[B, n_r, Hq, Dv]`
    /// and lse `[B, Hq, n_r]` (in any element type: `scatter` copies them
    /// exactly into buffers of the same type, else rounds once), and the
    /// score entries its core calls evaluated when the preamble counts them.
    struct RankOutput: Sendable {
        var o: AnyTensor
        var lse: AnyTensor?
        var coreWork: Int? = nil
    }

    /// Steps 3 and 5: runs `body` on every rank of a simulated group with its
    /// shard of `args`, records the ledger (with the ranks' core work when
    /// every rank counts it) in `log`, and writes the ranks' rows into `output`.
    func run(_ args: AttentionArguments, into output: AttentionOutput, timeout: Double, owner: String, log: CommunicationLog,
             _ body: @escaping @Sendable (SimulatedProcessGroup, RankShard) throws -> RankOutput) throws {
        let (results, ledger) = try SimulatedProcessGroup.run(inputs: shards(args), timeout: timeout, owner: owner, body)
        var record = ledger
        let work = results.compactMap(\.coreWork)
        if work.count == results.count { record.coreWork = work }
        log.record(record)
        scatter(results, into: output)
    }

    /// Step 4: the global mask on rank `group.rank`: the shared rules plus
    /// the padding lengths and packed offsets rebuilt from every rank's codes.
    func globalMask(_ group: some ProcessGroup, _ shard: RankShard) throws -> AttentionMask {
        var mask = self.mask
        let d = dims
        if let codes = shard.queryCodes {
            let parts = try group.allGather(codes, label: "meta.query")
            let global = TokenMetadata.globalCodes(parts, positions: queryPositions, batch: d.batch, length: d.queryLength)
            mask = try TokenMetadata.rebuild(mask, side: .query, codes: global, batch: d.batch, length: d.queryLength)
        }
        if let codes = shard.keyCodes {
            let parts = try group.allGather(codes, label: "meta.key")
            let global = TokenMetadata.globalCodes(parts, positions: keyPositions, batch: d.batch, length: d.keyLength)
            mask = try TokenMetadata.rebuild(mask, side: .key, codes: global, batch: d.batch, length: d.keyLength)
        }
        return mask
    }

    /// Step 5: every rank's rows, run by run of consecutive global query
    /// positions, into the caller's buffers.
    func scatter(_ results: [RankOutput], into output: AttentionOutput) {
        for (r, positions) in queryPositions.enumerated() {
            for run in Self.runs(positions) {
                let global = positions[run.lowerBound], n = run.count
                output.o.narrow(axis: 1, start: global, length: n)
                    .assignRows(from: results[r].o.narrow(axis: 1, start: run.lowerBound, length: n))
                if let lse = output.lse, let part = results[r].lse {
                    lse.narrow(axis: 2, start: global, length: n).assignRows(from: part.narrow(axis: 2, start: run.lowerBound, length: n))
                }
            }
        }
    }

    /// The maximal runs of consecutive values in `indices`, as ranges of its positions.
    static func runs(_ indices: [Int]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        while start < indices.count {
            var end = start + 1
            while end < indices.count && indices[end] == indices[end - 1] + 1 { end += 1 }
            runs.append(start ..< end)
            start = end
        }
        return runs
    }

    /// A contiguous copy of the entries of `x` at `indices` along `axis`.
    static func rows<T: ShardableTensor>(_ x: T, axis: Int, _ indices: [Int]) -> T {
        let parts = runs(indices).map { x.narrow(axis: axis, start: indices[$0.lowerBound], length: $0.count) }
        return parts.count == 1 ? parts[0].rowCopy() : T.concatenating(parts, axis: axis)
    }
}
