import AttestCore
import AttestTensor

extension RingPreamble {
    /// What rank r holds before the first collective: its query rows and its
    /// key/value block (in layout order), the metadata codes of those tokens,
    /// and the rows of the boolean mask and bias that belong to its queries.
    struct RankShard: Sendable {
        var q: AnyTensor           // [B, n_r, Hq, D]
        var k: AnyTensor           // [B, m_r, Hkv, D]
        var v: AnyTensor           // [B, m_r, Hkv, Dv]
        var queryCodes: IntegerVector?
        var keyCodes: IntegerVector?
        var boolean: Tensor<Bool>? // [Bm, Hm, n_r, Skv]
        var bias: AnyTensor?       // [Bb, Hb, n_r, Skv]
    }

    /// What every rank knows without communication.
    struct SharedCall: Sendable {
        var layout: RingLayout
        var dims: AttentionDims
        var scale: Double?
        var softcap: Double?
        var mask: AttentionMask    // TokenMetadata.stripped
        var alibiSlopes: [Double]?
        var queryPositions: [[Int]]
        var keyPositions: [[Int]]
        var mutation: PreambleMutation?
    }

    /// A rank's result: its rows of o and lse in float64, and the score
    /// entries (rows × keys) its core calls evaluated.
    struct RankResult: Sendable {
        var o: Tensor<Double>      // [B, n_r, Hq, Dv]
        var lse: Tensor<Double>    // [B, Hq, n_r]
        var work: Int
    }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws {
        if let reason = rejection(args, core: core) { throw AttestError.notSupported(kernel: specification, reason: reason) }
        guard world > 1 else { return try core.forward(args, into: output) }
        let d = args.dims
        let shared = SharedCall(
            layout: layout, dims: d, scale: args.scale, softcap: args.softcap, mask: TokenMetadata.stripped(args.mask),
            alibiSlopes: args.alibiSlopes,
            queryPositions: (0 ..< world).map { layout.positions(rank: $0, world: world, length: d.queryLength) },
            keyPositions: (0 ..< world).map { layout.positions(rank: $0, world: world, length: d.keyLength) },
            mutation: mutation)
        let hasQueryCodes = TokenMetadata.isPresent(in: args.mask, side: .query)
        let hasKeyCodes = TokenMetadata.isPresent(in: args.mask, side: .key)
        let shards = (0 ..< world).map { r in
            let rows = shared.queryPositions[r], keys = shared.keyPositions[r]
            return RankShard(
                q: Self.rows(args.q, axis: 1, rows), k: Self.rows(args.k, axis: 1, keys), v: Self.rows(args.v, axis: 1, keys),
                queryCodes: hasQueryCodes ? TokenMetadata.encode(args.mask, side: .query, batch: d.batch, positions: rows) : nil,
                keyCodes: hasKeyCodes ? TokenMetadata.encode(args.mask, side: .key, batch: d.batch, positions: keys) : nil,
                boolean: args.mask.boolean.map { Self.rows($0, axis: 2, rows) },
                bias: args.bias.map { Self.rows($0, axis: 2, rows) })
        }
        let (results, ledger) = try SimulatedProcessGroup.run(inputs: shards, timeout: timeout, owner: specification) { group, shard in
            try Self.rank(group: group, shard: shard, shared: shared, core: core)
        }
        var record = ledger
        record.coreWork = results.map(\.work)
        log.record(record)
        for (r, result) in results.enumerated() {
            for (n, i) in shared.queryPositions[r].enumerated() {
                output.o.narrow(axis: 1, start: i, length: 1).assign(from: result.o.narrow(axis: 1, start: n, length: 1))
                output.lse?.narrow(axis: 2, start: i, length: 1).assign(from: result.lse.narrow(axis: 2, start: n, length: 1))
            }
        }
    }

    /// Rank r's loop over the P ring steps (notes §7.3).
    static func rank(group: some ProcessGroup, shard: RankShard, shared: SharedCall, core: any AttentionKernel) throws -> RankResult {
        let d = shared.dims, p = group.worldSize, r = group.rank
        var mask = shared.mask
        if let codes = shard.queryCodes {
            let parts = try group.allGather(codes, label: "meta.query")
            let global = TokenMetadata.globalCodes(parts, positions: shared.queryPositions, batch: d.batch, length: d.queryLength)
            mask = try TokenMetadata.rebuild(mask, side: .query, codes: global, batch: d.batch, length: d.queryLength)
        }
        if let codes = shard.keyCodes {
            let parts = try group.allGather(codes, label: "meta.key")
            let global = TokenMetadata.globalCodes(parts, positions: shared.keyPositions, batch: d.batch, length: d.keyLength)
            mask = try TokenMetadata.rebuild(mask, side: .key, codes: global, batch: d.batch, length: d.keyLength)
        }
        let queries = shared.queryPositions[r]
        var merge = LogSumExpMerge(batch: d.batch, rows: queries.count, heads: d.queryHeads, valueDim: d.valueDim,
                                   ignoresRunningLSE: shared.mutation == .mergeIgnoresRunningLSE)
        var k = shard.k, v = shard.v, work = 0
        for step in 0 ..< p {
            let source = shared.mutation == .causalOffsetOfWrongRank ? r : (r - step + p) % p
            if let block = RingBlock.plan(mask: mask, dims: d, queries: queries, keys: shared.keyPositions[source],
                                          booleanRows: shard.boolean, biasRows: shard.bias, alibiSlopes: shared.alibiSlopes) {
                let call = AttentionArguments(
                    q: shard.q.narrow(axis: 1, start: block.rows.lowerBound, length: block.rows.count),
                    k: k.narrow(axis: 1, start: block.keys.lowerBound, length: block.keys.count),
                    v: v.narrow(axis: 1, start: block.keys.lowerBound, length: block.keys.count),
                    scale: shared.scale, softcap: shared.softcap, mask: block.mask, bias: block.bias)
                let out = LocalCall.buffers(call.dims, outputType: call.dtype, lseType: .float64)
                try core.forward(call, into: out)
                merge.merge(out, firstRow: block.rows.lowerBound)
                work += block.rows.count * block.keys.count
            }
            if step < p - 1 {
                k = try group.sendReceiveRing(k, label: "k")
                v = try group.sendReceiveRing(v, label: "v")
            }
        }
        return RankResult(o: merge.output, lse: merge.logSumExp, work: work)
    }

    /// A contiguous copy of the entries of `x` at `indices` along `axis`.
    static func rows<T: ShardableTensor>(_ x: T, axis: Int, _ indices: [Int]) -> T {
        var runs: [T] = []
        var start = 0
        while start < indices.count {
            var end = start + 1
            while end < indices.count && indices[end] == indices[end - 1] + 1 { end += 1 }
            runs.append(x.narrow(axis: axis, start: indices[start], length: end - start))
            start = end
        }
        return T.concatenating(runs, axis: axis)
    }
}
