import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Foundation
import Synchronization
import Testing
@testable import AttestParallel

/// The rule of `docs/parallel.md`, restated independently of `UlyssesPlan`.
func ulyssesAccepts(_ s: Shape, world p: Int) -> Bool {
    guard s.sq >= p, s.skv >= p else { return false }
    if s.hq % p == 0 { return s.hkv % p == 0 || p % s.hkv == 0 }
    return s.hkv >= p
}

@Suite("Ulysses preamble")
struct UlyssesTests {
    static let heads: [(Int, Int)] = [(8, 8), (8, 2), (8, 1), (6, 6), (6, 3), (7, 7), (14, 7), (12, 4)]

    @Test("Ulysses over the reference equals the reference bit for bit, or rejects before any collective",
          arguments: [1, 2, 3, 4, 8], [1, 3])
    func bitEqualToCore(world: Int, batch: Int) throws {
        for (hq, hkv) in Self.heads {
            for s in [13, 16] {
                let shape = Shape(b: batch, sq: s, skv: s, hq: hq, hkv: hkv, d: 4, dv: 4)
                var args = randomArguments(shape, seed: UInt64(hq * 100 + s))
                args.mask.causal = .topLeft
                let preamble = UlyssesPreamble(world: world)
                let stack = StackedKernel(preamble: preamble, core: ReferenceAttention())
                let name = "P=\(world) \(shape)"
                if ulyssesAccepts(shape, world: world) {
                    #expect(stack.support(for: args) == .supported, "\(name)")
                    expectBitIdentical(try run(stack, args), try referenceOutput(args), name)
                    #expect(preamble.log.ledgers.count == (world == 1 ? 0 : 1), "\(name)")
                } else {
                    #expect(!stack.support(for: args).isSupported, "\(name) should be rejected")
                    #expect(throws: AttestError.self, "\(name)") { try run(stack, args) }
                    #expect(preamble.log.ledgers.isEmpty, "\(name): a collective ran before the rejection")
                }
            }
        }
    }

    @Test("every feature's metadata reaches the local core: bit-equal to the reference", arguments: Variant.allCases, [2, 3, 4])
    func featuresBitEqual(variant: Variant, world: Int) throws {
        let args = variant.arguments()
        let stack = StackedKernel(preamble: UlyssesPreamble(world: world), core: ReferenceAttention())
        guard ulyssesAccepts(variant.shape, world: world) else {
            #expect(!stack.support(for: args).isSupported)
            return
        }
        expectBitIdentical(try run(stack, args), try referenceOutput(args), "\(variant) P=\(world)")
    }

    @Test("edge cases: P = Hq, MQA, S/P = 1, odd P, B = 3, uneven S", arguments: [
        Shape(b: 3, sq: 8, skv: 8, hq: 8, hkv: 8, d: 2, dv: 2),  // P = Hq, S/P = 1
        Shape(b: 3, sq: 9, skv: 9, hq: 6, hkv: 1, d: 3, dv: 5),  // MQA, odd P = 3
        Shape(b: 1, sq: 5, skv: 7, hq: 4, hkv: 2, d: 4, dv: 4),  // Hkv < P, uneven S
        Shape(b: 3, sq: 4, skv: 4, hq: 4, hkv: 2, d: 1, dv: 1),  // S/P = 1, D = 1, replication
    ])
    func edgeCases(shape: Shape) throws {
        let world = shape.sq == 9 ? 3 : min(shape.hq, shape.sq)
        #expect(ulyssesAccepts(shape, world: world))
        var args = randomArguments(shape, seed: 3)
        args.mask.causal = .bottomRight
        let stack = StackedKernel(preamble: UlyssesPreamble(world: world), core: ReferenceAttention())
        expectBitIdentical(try run(stack, args), try referenceOutput(args), "P=\(world) \(shape)")
    }

    @Test("P = 1 is an identity: the core gets the caller's own tensors and buffers")
    func identity() throws {
        let args = randomArguments(Shape(b: 2, sq: 5, skv: 5, hq: 3, hkv: 1, d: 2, dv: 2))
        let spy = SpyCore()
        let out = AttentionOutput.allocate(args.dims, dtype: .float64)
        try UlyssesPreamble(world: 1).forward(args, into: out, core: spy)
        let seen = try #require(spy.seen)
        #expect(seen.q.sharesStorage(with: args.q) && seen.k.sharesStorage(with: args.k) && seen.v.sharesStorage(with: args.v))
        #expect(seen.o.sharesStorage(with: out.o))
    }

    @Test("invalid configurations are rejected with the rule they break, before any collective", arguments: [
        (Shape(b: 1, sq: 16, skv: 16, hq: 24, hkv: 12, d: 2, dv: 2), 8, "neither a multiple nor a divisor"),
        (Shape(b: 1, sq: 16, skv: 16, hq: 6, hkv: 2, d: 2, dv: 2), 4, "needs Hkv >= P"),
        (Shape(b: 1, sq: 16, skv: 16, hq: 4, hkv: 4, d: 2, dv: 2), 8, "needs Hkv >= P"),
        (Shape(b: 1, sq: 3, skv: 16, hq: 4, hkv: 4, d: 2, dv: 2), 4, "every rank needs one token"),
    ])
    func rejections(shape: Shape, world: Int, rule: String) throws {
        let args = randomArguments(shape)
        let preamble = UlyssesPreamble(world: world)
        guard case let .notSupported(reason) = preamble.support(for: args, core: ReferenceAttention()) else {
            Issue.record("\(shape) at P=\(world) was accepted")
            return
        }
        #expect(reason.contains(rule), "\(reason)")
        do {
            try preamble.forward(args, into: AttentionOutput.allocate(args.dims, dtype: .float64), core: ReferenceAttention())
            Issue.record("forward accepted \(shape) at P=\(world)")
        } catch let AttestError.notSupported(kernel, why) {
            #expect(kernel == "ulysses:world=\(world)")
            #expect(why.contains(rule), "\(why)")
        }
        #expect(preamble.log.ledgers.isEmpty)
    }

    @Test("support checks the core on the local shapes it would receive")
    func supportChecksLocalCore() throws {
        var args = randomArguments(Shape(b: 1, sq: 8, skv: 8, hq: 8, hkv: 8, d: 2, dv: 2))
        // MHA globally, but every Ulysses rank still sees MHA: a core without GQA is fine.
        #expect(UlyssesPreamble(world: 4).support(for: args, core: FakeKernel.reference(without: [.groupedQuery])) == .supported)
        args = randomArguments(Shape(b: 1, sq: 8, skv: 8, hq: 8, hkv: 2, d: 2, dv: 2))
        // Replication at P = 4 turns GQA 8/2 into local 2/1: still GQA on every rank.
        #expect(!UlyssesPreamble(world: 4).support(for: args, core: FakeKernel.reference(without: [.groupedQuery])).isSupported)
        // At P = 8 each rank holds one q head and one (replicated) kv head: MHA locally.
        #expect(UlyssesPreamble(world: 8).support(for: args, core: FakeKernel.reference(without: [.groupedQuery])) == .supported)
    }

    @Test("a core that throws on one rank fails the call with the core's error, without hanging")
    func throwingCore() throws {
        let args = randomArguments(Shape(b: 1, sq: 8, skv: 8, hq: 7, hkv: 7, d: 2, dv: 2))
        let stack = StackedKernel(preamble: UlyssesPreamble(world: 4, timeout: 20), core: FaultyCore(fault: .throwOnSingleHead))
        #expect(throws: AttestError.kernelFailed(kernel: "faulty", reason: "one head")) { try run(stack, args) }
    }

    @Test("a rank whose core never returns makes the call fail with a timeout naming it")
    func stuckCore() throws {
        let args = randomArguments(Shape(b: 1, sq: 8, skv: 8, hq: 7, hkv: 7, d: 2, dv: 2))
        let stack = StackedKernel(preamble: UlyssesPreamble(world: 4, timeout: 0.3), core: FaultyCore(fault: .sleepOnSingleHead(3)))
        let start = Date()
        do {
            _ = try run(stack, args)
            Issue.record("the call succeeded")
        } catch let ProcessGroupError.timeout(collective, _, waitingFor, _) {
            #expect(collective.hasPrefix("allToAll(o)"))
            #expect(waitingFor == [3]) // 7 heads on 4 ranks: [2, 2, 2, 1]; rank 3 has the single head
        }
        #expect(Date().timeIntervalSince(start) < 2.5)
    }

    @Test("two instances with different head counts run concurrently in one process")
    func twoInstances() throws {
        let a = randomArguments(Shape(b: 2, sq: 12, skv: 12, hq: 12, hkv: 4, d: 4, dv: 4), seed: 11)
        let b = randomArguments(Shape(b: 1, sq: 12, skv: 12, hq: 7, hkv: 7, d: 4, dv: 2), seed: 12)
        let first = StackedKernel(preamble: UlyssesPreamble(world: 4), core: ReferenceAttention())
        let second = StackedKernel(preamble: UlyssesPreamble(world: 3), core: ReferenceAttention())
        // Two callers on two real threads (a process group used as a plain thread pair).
        let (outputs, _) = try SimulatedProcessGroup.run(worldSize: 2) { caller in
            caller.rank == 0 ? try run(first, a) : try run(second, b)
        }
        expectBitIdentical(outputs[0], try referenceOutput(a), "Hq=12 instance")
        expectBitIdentical(outputs[1], try referenceOutput(b), "Hq=7 instance")
    }
}

/// A core that records the last call it received.
final class SpyCore: AttentionKernel, Sendable {
    struct Call: Sendable { var q, k, v, o: AnyTensor }
    private let calls = Synchronization.Mutex<[Call]>([])
    var name: String { "spy" }
    var capabilities: KernelCapabilities { .complete }
    var seen: Call? { calls.withLock { $0.last } }
    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        calls.withLock { $0.append(Call(q: args.q, k: args.k, v: args.v, o: output.o)) }
        try ReferenceAttention().forward(args, into: output)
    }
}

/// The reference, except on a shard with exactly one query head.
struct FaultyCore: AttentionKernel {
    enum Fault: Sendable { case throwOnSingleHead, sleepOnSingleHead(Double) }
    var fault: Fault
    var name: String { "faulty" }
    var capabilities: KernelCapabilities { .complete }
    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        if args.dims.queryHeads == 1 {
            switch fault {
            case .throwOnSingleHead: throw AttestError.kernelFailed(kernel: "faulty", reason: "one head")
            case let .sleepOnSingleHead(seconds): Thread.sleep(forTimeInterval: seconds)
            }
        }
        try ReferenceAttention().forward(args, into: output)
    }
}
