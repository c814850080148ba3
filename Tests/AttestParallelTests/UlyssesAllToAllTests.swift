import AttestCore
import AttestReference
import AttestTensor
import Testing
@testable import AttestParallel

/// A value that encodes its global coordinates exactly in float64
/// (DeepSpeed's `TestUlyssesAll2All_odd` technique): b, s, h, x < 100.
private func hash(_ b: Int, _ s: Int, _ h: Int, _ x: Int) -> Double { Double(((b * 100 + s) * 100 + h) * 100 + x) }

@Suite("Ulysses all-to-all")
struct UlyssesAllToAllTests {
    @Test("after the first all-to-all every element sits where the specification says; the round trip is the identity", arguments: [
        Shape(b: 3, sq: 10, skv: 10, hq: 7, hkv: 7, d: 3, dv: 3),   // uneven heads [2,2,2,1], uneven S [3,3,2,2]
        Shape(b: 2, sq: 8, skv: 8, hq: 8, hkv: 2, d: 2, dv: 2),     // replication: Hkv' = 4
        Shape(b: 1, sq: 7, skv: 7, hq: 6, hkv: 3, d: 2, dv: 2),     // P = 3, GQA 6/3
        Shape(b: 3, sq: 5, skv: 5, hq: 3, hkv: 3, d: 2, dv: 2),     // DeepSpeed's odd test: 3 heads on 2 ranks
    ])
    func placementAndRoundTrip(shape: Shape) throws {
        let world = [7: 4, 8: 4, 6: 3, 3: 2][shape.hq]!
        let plan = try UlyssesPlan(shape.dims, world: world)
        let groupSize = shape.hq / shape.hkv
        let (results, _) = try SimulatedProcessGroup.run(worldSize: world) { group in
            let r = group.rank, rows = plan.queryTokens.range(r)
            let q = AnyTensor.float64(Tensor(shape: [shape.b, rows.count, shape.hq, shape.d]) { i in hash(i[0], rows.lowerBound + i[1], i[2], i[3]) })
            let k = AnyTensor.float64(Tensor(shape: [shape.b, rows.count, shape.hkv, shape.d]) { i in hash(i[0], rows.lowerBound + i[1], i[2], i[3]) })
            let kReplicated = try LocalCall.repeatHeads(k, plan.replication)
            let qLocal = try group.reshard(q, splitAxis: 2, by: plan.queryHeads, gatherAxis: 1, label: "q")
            let kLocal = try group.reshard(kReplicated, splitAxis: 2, by: plan.keyValueHeads, gatherAxis: 1, label: "k")
            let back = try group.reshard(qLocal, splitAxis: 1, by: plan.queryTokens, gatherAxis: 2, label: "o")
            return (q, qLocal, kLocal, back)
        }
        for (j, (q, qLocal, kLocal, back)) in results.enumerated() {
            let heads = plan.queryHeads.range(j)
            #expect(qLocal.shape == [shape.b, shape.sq, heads.count, shape.d], "rank \(j) q shape \(qLocal.shape)")
            #expect(kLocal.shape == [shape.b, shape.sq, plan.keyValueHeads.sizes[j], shape.d], "rank \(j) k shape \(kLocal.shape)")
            var misplaced: [Int]? = nil
            Tensor<Double>.forEachIndex(in: qLocal.shape) { i in
                if misplaced == nil && qLocal.double(at: i) != hash(i[0], i[1], heads.lowerBound + i[2], i[3]) { misplaced = i }
            }
            #expect(misplaced == nil, "rank \(j): q element \(misplaced ?? []) misplaced")
            // Local q head hl reads local kv head hl / (hq_j / hkv_j); it must hold the original kv head of global q head.
            Tensor<Double>.forEachIndex(in: qLocal.shape) { i in
                let localKV = i[2] / (heads.count / kLocal.shape[2])
                let expected = hash(i[0], i[1], (heads.lowerBound + i[2]) / groupSize, i[3])
                if misplaced == nil && kLocal.double(at: [i[0], i[1], localKV, i[3]]) != expected { misplaced = i }
            }
            #expect(misplaced == nil, "rank \(j): q head at \(misplaced ?? []) would read the wrong kv head")
            #expect(back.shape == q.shape && back.widened().scalars.map(\.bitPattern) == q.widened().scalars.map(\.bitPattern),
                    "rank \(j): round trip is not the identity")
        }
    }

    @Test("round trip of random float16 and bfloat16 tensors is bit-exact", arguments: [DType.float16, .bfloat16, .float32])
    func roundTripRandom(dtype: DType) throws {
        let shape = Shape(b: 3, sq: 11, skv: 11, hq: 6, hkv: 6, d: 5, dv: 5)
        let plan = try UlyssesPlan(shape.dims, world: 3)
        let args = randomArguments(shape, dtype: dtype, seed: 5)
        let shards = (0 ..< 3).map { r in args.q.narrow(axis: 1, start: plan.queryTokens.offsets[r], length: plan.queryTokens.sizes[r]).copy() }
        let (results, _) = try SimulatedProcessGroup.run(inputs: shards) { group, q in
            let local = try group.reshard(q, splitAxis: 2, by: plan.queryHeads, gatherAxis: 1, label: "q")
            return try group.reshard(local, splitAxis: 1, by: plan.queryTokens, gatherAxis: 2, label: "o")
        }
        for (r, back) in results.enumerated() {
            #expect(back.dtype == dtype && back.shape == shards[r].shape)
            #expect(back.widened().scalars.map(\.bitPattern) == shards[r].widened().scalars.map(\.bitPattern), "rank \(r)")
        }
    }

    /// The specification's `(P-1)/P² · B·S·(Hq·D + 2·Hkv'·D + Hq·Dv)` counts v with
    /// D columns; v has Dv, so the exact count is `Hq·D + Hkv'·D + Hkv'·Dv + Hq·Dv`
    /// (the same when D = Dv, as in the first case below).
    @Test("each rank's communication equals (P-1)/P^2 B S (Hq D + Hkv' (D + Dv) + Hq Dv)", arguments: [
        (Shape(b: 3, sq: 16, skv: 16, hq: 8, hkv: 2, d: 4, dv: 4), 4),   // D = Dv: the specification's formula
        (Shape(b: 3, sq: 16, skv: 16, hq: 8, hkv: 2, d: 4, dv: 3), 4),   // replication: Hkv' = 4
        (Shape(b: 1, sq: 12, skv: 12, hq: 6, hkv: 6, d: 2, dv: 2), 3),
        (Shape(b: 2, sq: 16, skv: 16, hq: 8, hkv: 8, d: 2, dv: 4), 8),
    ])
    func communicationVolume(shape: Shape, world p: Int) throws {
        let hkvPrime = max(shape.hkv, p)
        let s = shape.sq, b = shape.b
        let expected = (p - 1) * b * s * (shape.hq * shape.d + hkvPrime * (shape.d + shape.dv) + shape.hq * shape.dv) / (p * p)
        let lseExtra = (p - 1) * b * s * shape.hq / (p * p)
        let metadata = (p - 1) * b * s / p
        for (dtype, withLSE, padded) in [(DType.float32, false, false), (.float64, true, false), (.float64, false, true)] {
            var args = randomArguments(shape, dtype: dtype, seed: 2)
            if padded { args.mask.keyLengths = Array(repeating: s - 1, count: b) }
            let preamble = UlyssesPreamble(world: p)
            _ = try run(StackedKernel(preamble: preamble, core: ReferenceAttention()), args, lse: withLSE)
            let ledger = try #require(preamble.log.last)
            for r in 0 ..< p {
                let tensors = ledger.traffic(rank: r, labels: ["q", "k", "v", "o"])
                let name = "P=\(p) \(shape) \(dtype) lse=\(withLSE) rank \(r)"
                #expect(tensors == Traffic(elementsSent: expected, elementsReceived: expected,
                                           bytesSent: expected * dtype.byteWidth, bytesReceived: expected * dtype.byteWidth), "\(name): \(tensors)")
                let lse = ledger.traffic(rank: r, labels: ["lse"])
                #expect(lse == (withLSE ? Traffic(elementsSent: lseExtra, elementsReceived: lseExtra, bytesSent: 8 * lseExtra, bytesReceived: 8 * lseExtra) : Traffic()), "\(name)")
                let meta = ledger.traffic(rank: r, labels: ["meta.key"])
                #expect(meta == (padded ? Traffic(elementsSent: metadata, elementsReceived: metadata, bytesSent: 4 * metadata, bytesReceived: 4 * metadata) : Traffic()), "\(name)")
                #expect(ledger.ranks[r] == tensors + lse + meta, "\(name): traffic outside the known labels")
                for j in 0 ..< p { #expect(ledger.pairs[r][j] == ledger.pairs[j][r], "\(name): pair matrix not symmetric") }
            }
        }
    }
}
