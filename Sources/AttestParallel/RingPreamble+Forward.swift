import AttestCore
import AttestTensor

extension RingPreamble {
    public func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws {
        if let reason = rejection(args, core: core) { throw AttestError.notSupported(kernel: specification, reason: reason) }
        guard world > 1 else { return try core.forward(args, into: output) }
        let d = args.dims
        let call = ShardedCall(args, output: output,
                               queryPositions: (0 ..< world).map { layout.positions(rank: $0, world: world, length: d.queryLength) },
                               keyPositions: (0 ..< world).map { layout.positions(rank: $0, world: world, length: d.keyLength) })
        let steps = self.steps
        try call.run(args, into: output, timeout: timeout, owner: specification, log: log) { group, shard in
            try Self.rank(group: group, shard: shard, call: call, steps: steps, core: core)
        }
    }

    /// Rank r's loop over the P ring steps (notes §7.3). Returns its rows of
    /// o and lse in float64 and the score entries (rows × keys) its core calls evaluated.
    static func rank(group: some ProcessGroup, shard: ShardedCall.RankShard, call: ShardedCall, steps: any RingSteps,
                     core: any AttentionKernel) throws -> ShardedCall.RankOutput {
        let d = call.dims, p = group.worldSize, r = group.rank
        let mask = try call.globalMask(group, shard)
        let queries = call.queryPositions[r]
        var merge = LogSumExpMerge(batch: d.batch, rows: queries.count, heads: d.queryHeads, valueDim: d.valueDim)
        var k = shard.k, v = shard.v, work = 0
        for step in 0 ..< p {
            let keys = call.keyPositions[steps.maskingRank(rank: r, step: step, world: p)]
            if let block = RingBlock.plan(mask: mask, dims: d, queries: queries, keys: keys,
                                          booleanRows: shard.boolean, biasRows: shard.bias, alibiSlopes: call.alibiSlopes) {
                let blockCall = AttentionArguments(
                    q: shard.q.narrow(axis: 1, start: block.rows.lowerBound, length: block.rows.count),
                    k: k.narrow(axis: 1, start: block.keys.lowerBound, length: block.keys.count),
                    v: v.narrow(axis: 1, start: block.keys.lowerBound, length: block.keys.count),
                    scale: call.scale, softcap: call.softcap, mask: block.mask, bias: block.bias)
                let out = LocalCall.buffers(blockCall.dims, outputType: blockCall.dtype, lseType: .float64)
                try core.forward(blockCall, into: out)
                merge.merge(out, firstRow: block.rows.lowerBound, runningLSE: steps.runningLSE)
                work += block.rows.count * block.keys.count
            }
            if step < p - 1 {
                k = try group.sendReceiveRing(k, label: "k")
                v = try group.sendReceiveRing(v, label: "v")
            }
        }
        return ShardedCall.RankOutput(o: AnyTensor(merge.output), lse: AnyTensor(merge.logSumExp), coreWork: work)
    }
}
