import AttestCore
import AttestTensor

extension UlyssesPreamble {
    /// What rank r holds before the first collective: its query rows and
    /// key/value rows, the per-token metadata codes of those rows, and the rows
    /// of the boolean mask and bias that belong to its queries.
    struct RankShard: Sendable {
        var q: AnyTensor          // [B, Sq_r, Hq, D]
        var k: AnyTensor          // [B, Skv_r, Hkv, D]
        var v: AnyTensor          // [B, Skv_r, Hkv, Dv]
        var queryCodes: IntegerVector?
        var keyCodes: IntegerVector?
        var boolean: Tensor<Bool>? // [Bm, Hm, Sq_r, Skv]
        var bias: AnyTensor?       // [Bb, Hb, Sq_r, Skv]
    }

    /// What every rank knows without communication: sizes, rules, parameters.
    struct SharedCall: Sendable {
        var plan: UlyssesPlan
        var dims: AttentionDims
        var scale: Double?
        var softcap: Double?
        var mask: AttentionMask   // stripped: rules only (TokenMetadata.stripped)
        var queryMetadata: Bool
        var keyMetadata: Bool
        var alibiSlopes: [Double]?
        var outputType: DType
        var lseType: DType?
        var mutation: PreambleMutation?
    }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws {
        let plan: UlyssesPlan
        do { plan = try UlyssesPlan(args.dims, world: world) } catch let rejection as PlanRejection {
            throw AttestError.notSupported(kernel: specification, reason: rejection.reason)
        }
        guard world > 1 else { return try core.forward(args, into: output) }
        let d = args.dims
        let shared = SharedCall(
            plan: plan, dims: d, scale: args.scale, softcap: args.softcap, mask: TokenMetadata.stripped(args.mask),
            queryMetadata: TokenMetadata.isPresent(in: args.mask, side: .query),
            keyMetadata: TokenMetadata.isPresent(in: args.mask, side: .key),
            alibiSlopes: args.alibiSlopes, outputType: output.o.dtype, lseType: output.lse?.dtype, mutation: mutation)
        let shards = (0 ..< world).map { r in
            let rows = plan.queryTokens.range(r), keys = plan.keyTokens.range(r)
            return RankShard(
                q: args.q.narrow(axis: 1, start: rows.lowerBound, length: rows.count).rowCopy(),
                k: args.k.narrow(axis: 1, start: keys.lowerBound, length: keys.count).rowCopy(),
                v: args.v.narrow(axis: 1, start: keys.lowerBound, length: keys.count).rowCopy(),
                queryCodes: shared.queryMetadata ? TokenMetadata.encode(args.mask, side: .query, batch: d.batch, positions: Array(rows)) : nil,
                keyCodes: shared.keyMetadata ? TokenMetadata.encode(args.mask, side: .key, batch: d.batch, positions: Array(keys)) : nil,
                boolean: args.mask.boolean?.narrow(axis: 2, start: rows.lowerBound, length: rows.count).rowCopy(),
                bias: args.bias?.narrow(axis: 2, start: rows.lowerBound, length: rows.count).rowCopy())
        }
        let (results, ledger) = try SimulatedProcessGroup.run(inputs: shards, timeout: timeout, owner: specification) { group, shard in
            try Self.rank(group: group, shard: shard, shared: shared, core: core)
        }
        log.record(ledger)
        for (r, result) in results.enumerated() {
            let rows = plan.queryTokens.range(r)
            output.o.narrow(axis: 1, start: rows.lowerBound, length: rows.count).assignRows(from: result.o)
            if let lse = output.lse, let part = result.lse {
                lse.narrow(axis: 2, start: rows.lowerBound, length: rows.count).assignRows(from: part)
            }
        }
    }

    /// The body of rank r (notes §7.2 steps 0–4). Returns `o_r [B, Sq_r, Hq, Dv]`
    /// and `lse_r [B, Hq, Sq_r]`.
    static func rank(group: some ProcessGroup, shard: RankShard, shared: SharedCall,
                     core: any AttentionKernel) throws -> (o: AnyTensor, lse: AnyTensor?) {
        let plan = shared.plan, r = group.rank, d = shared.dims
        // 0. KV replication when Hkv < P.
        let tiled = shared.mutation == .kvReplicationTiled
        let k = try LocalCall.repeatHeads(shard.k, plan.replication, tiled: tiled)
        let v = try LocalCall.repeatHeads(shard.v, plan.replication, tiled: tiled)
        // 1. Sequence → heads.
        let q = try sequenceToHeads(group, shard.q, plan.queryHeads, "q", shared.mutation)
        let kLocal = try sequenceToHeads(group, k, plan.keyValueHeads, "k", shared.mutation)
        let vLocal = try sequenceToHeads(group, v, plan.keyValueHeads, "v", shared.mutation)
        // 2. Metadata: gather per-token codes, re-shard or gather mask and bias rows, slice slopes.
        var mask = shared.mask
        let tokenPositions = (0 ..< plan.world).map { Array(plan.queryTokens.range($0)) }
        let keyPositions = (0 ..< plan.world).map { Array(plan.keyTokens.range($0)) }
        if let codes = shard.queryCodes {
            let parts = try group.allGather(codes, label: "meta.query")
            let global = TokenMetadata.globalCodes(parts, positions: tokenPositions, batch: d.batch, length: d.queryLength)
            mask = try TokenMetadata.rebuild(mask, side: .query, codes: global, batch: d.batch, length: d.queryLength)
        }
        if let codes = shard.keyCodes {
            let parts = try group.allGather(codes, label: "meta.key")
            let global = TokenMetadata.globalCodes(parts, positions: keyPositions, batch: d.batch, length: d.keyLength)
            mask = try TokenMetadata.rebuild(mask, side: .key, codes: global, batch: d.batch, length: d.keyLength)
        }
        if let boolean = shard.boolean {
            mask.boolean = boolean.shape[1] == 1
                ? try group.gather(boolean, axis: 2, label: "mask")
                : try group.reshard(boolean, splitAxis: 1, by: plan.queryHeads, gatherAxis: 2, label: "mask")
        }
        let bias = try shard.bias.map { bias in
            bias.shape[1] == 1
                ? try group.gather(bias, axis: 2, label: "bias")
                : try group.reshard(bias, splitAxis: 1, by: plan.queryHeads, gatherAxis: 2, label: "bias")
        }
        let heads = plan.queryHeads.range(r)
        let local = AttentionArguments(
            q: q, k: kLocal, v: vLocal, scale: shared.scale, softcap: shared.softcap, mask: mask, bias: bias,
            alibiSlopes: shared.alibiSlopes.map { Array($0[heads]) })
        // 3. Core on the local heads, whole sequence.
        let out = LocalCall.buffers(local.dims, outputType: shared.outputType, lseType: shared.lseType)
        try core.forward(local, into: out)
        // 4. Heads → sequence.
        let o = try group.reshard(out.o, splitAxis: 1, by: plan.queryTokens, gatherAxis: 2, label: "o")
        let lse = try out.lse.map { try group.reshard($0, splitAxis: 2, by: plan.queryTokens, gatherAxis: 1, label: "lse") }
        return (o, lse)
    }

    /// Step 1 for one tensor `[B, S_r, H, X] → [B, S, H_r, X]`, with the
    /// Ulysses mutations applied when one is set.
    static func sequenceToHeads(_ group: some ProcessGroup, _ x: AnyTensor, _ heads: Partition, _ label: String,
                                _ mutation: PreambleMutation?) throws -> AnyTensor {
        var blocks = try group.exchangeBlocks(x, splitAxis: 2, by: heads, label: label)
        switch mutation {
        case .allToAllBlocksReversed?: blocks.reverse()
        case .batchMixedUp?:
            blocks = try blocks.map { b in
                let s = b.shape
                return try b.reshape([s[1], s[0], s[2], s[3]]).permute([1, 0, 2, 3]).contiguous()
            }
        default: break
        }
        return AnyTensor.concatenating(blocks, axis: 1)
    }
}
