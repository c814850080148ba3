import AttestCore
import AttestTensor

extension UlyssesPreamble {
    public func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws {
        let plan: UlyssesPlan
        do { plan = try UlyssesPlan(args.dims, world: world) } catch let rejection as PlanRejection {
            throw AttestError.notSupported(kernel: specification, reason: rejection.reason)
        }
        guard world > 1 else { return try core.forward(args, into: output) }
        let call = ShardedCall(args, output: output, queryPositions: (0 ..< world).map { Array(plan.queryTokens.range($0)) },
                               keyPositions: (0 ..< world).map { Array(plan.keyTokens.range($0)) })
        let steps = self.steps
        try call.run(args, into: output, timeout: timeout, owner: specification, log: log) { group, shard in
            try Self.rank(group: group, shard: shard, call: call, plan: plan, steps: steps, core: core)
        }
    }

    /// The body of rank r (notes §7.2 steps 0–4). Returns `o_r [B, Sq_r, Hq, Dv]`
    /// and `lse_r [B, Hq, Sq_r]` in the caller's element types.
    static func rank(group: some ProcessGroup, shard: ShardedCall.RankShard, call: ShardedCall, plan: UlyssesPlan,
                     steps: any UlyssesSteps, core: any AttentionKernel) throws -> ShardedCall.RankOutput {
        let r = group.rank
        // 0. KV replication when Hkv < P.
        let k = try steps.replicateHeads(shard.k, factor: plan.replication)
        let v = try steps.replicateHeads(shard.v, factor: plan.replication)
        // 1. Sequence → heads.
        func sequenceToHeads(_ x: AnyTensor, _ heads: Partition, _ label: String) throws -> AnyTensor {
            try steps.joinSequenceBlocks(try group.exchangeBlocks(x, splitAxis: 2, by: heads, label: label))
        }
        let q = try sequenceToHeads(shard.q, plan.queryHeads, "q")
        let kLocal = try sequenceToHeads(k, plan.keyValueHeads, "k")
        let vLocal = try sequenceToHeads(v, plan.keyValueHeads, "v")
        // 2. Metadata: gather per-token codes, re-shard or gather mask and bias rows, slice slopes.
        var mask = try call.globalMask(group, shard)
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
            q: q, k: kLocal, v: vLocal, scale: call.scale, softcap: call.softcap, mask: mask, bias: bias,
            alibiSlopes: call.alibiSlopes.map { Array($0[heads]) })
        // 3. Core on the local heads, whole sequence.
        let out = LocalCall.buffers(local.dims, outputType: call.outputType, lseType: call.lseType)
        try core.forward(local, into: out)
        // 4. Heads → sequence.
        let o = try group.reshard(out.o, splitAxis: 1, by: plan.queryTokens, gatherAxis: 2, label: "o")
        let lse = try out.lse.map { try group.reshard($0, splitAxis: 2, by: plan.queryTokens, gatherAxis: 1, label: "lse") }
        return ShardedCall.RankOutput(o: o, lse: lse)
    }
}
