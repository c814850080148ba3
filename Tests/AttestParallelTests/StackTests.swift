import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing
@testable import AttestParallel

/// Registries holding the reference and the parallel factories (what the
/// catalog ships), so stacks are configured by name as on the command line.
private func resolve(_ preambles: [String]) throws -> any AttentionKernel {
    let configuration = AttentionConfiguration(kernel: "reference", preambles: try preambles.map(PreambleSpec.init(parsing:)))
    return try configuration.resolve(kernels: KernelRegistry([ReferenceAttention()]),
                                     preambles: PreambleRegistry([UlyssesPreamble.factory, RingPreamble.factory]))
}

@Suite("Stacked preambles (USP)")
struct StackTests {
    @Test("USP configured by names: outermost first, P = u × r")
    func byNames() throws {
        let stack = try resolve(["ulysses:world=4", "ring:world=2"])
        #expect(stack.name == "ulysses:world=4 > ring:layout=contiguous,world=2 > reference")
        var args = randomArguments(Shape(b: 3, sq: 16, skv: 16, hq: 8, hkv: 4, d: 4, dv: 4))
        args.mask.causal = .topLeft
        #expect(stack.support(for: args) == .supported)
        try expectWithinTolerance(try run(stack, args), for: args, "USP 4×2")
    }

    @Test("every factorisation of P gives the reference's result", arguments: [8, 4, 6])
    func factorisations(world p: Int) throws {
        let shape = Shape(b: 2, sq: 4 * p, skv: 4 * p, hq: 24, hkv: 24, d: 4, dv: 2) // S % 2P == 0 for zigzag
        for variant in [Variant.causalTopLeft, .plain] {
            var args = randomArguments(shape, seed: UInt64(p))
            if variant == .causalTopLeft { args.mask.causal = .topLeft }
            let expected = try referenceOutput(args)
            for u in 1 ... p where p % u == 0 {
                for layout in RingLayout.allCases {
                    let stack = try resolve(["ulysses:world=\(u)", "ring:world=\(p / u),layout=\(layout)"])
                    try expectWithinTolerance(try run(stack, args), for: args, "\(stack.name) \(variant)", golden: expected)
                }
            }
        }
    }

    @Test("every feature survives the stack: USP 2×2 over the reference agrees with the reference", arguments: Variant.allCases)
    func features(variant: Variant) throws {
        let args = variant.arguments(seed: 21)
        let stack = try resolve(["ulysses:world=2", "ring:world=2"])
        #expect(stack.support(for: args) == .supported, "\(variant)")
        try expectWithinTolerance(try run(stack, args), for: args, "USP 2×2 \(variant)")
    }

    @Test("USP(P, 1) equals Ulysses and USP(1, P) equals ring, bit for bit", arguments: [2, 4])
    func degenerateFactorisations(world p: Int) throws {
        var args = randomArguments(Shape(b: 2, sq: 16, skv: 16, hq: 4, hkv: 2, d: 4, dv: 4), seed: 9)
        args.mask = AttentionMask(causal: .bottomRight, keyLengths: [16, 11])
        expectBitIdentical(try run(try resolve(["ulysses:world=\(p)", "ring:world=1"]), args),
                       try run(try resolve(["ulysses:world=\(p)"]), args), "USP(\(p), 1) vs Ulysses(\(p))")
        expectBitIdentical(try run(try resolve(["ulysses:world=1", "ring:world=\(p),layout=zigzag"]), args),
                       try run(try resolve(["ring:world=\(p),layout=zigzag"]), args), "USP(1, \(p)) vs ring(\(p))")
    }

    @Test("USP moves the Ulysses volume in the outer group and the ring volume in each inner group")
    func communicationVolume() throws {
        let (u, rd) = (2, 4)
        let shape = Shape(b: 3, sq: 16, skv: 16, hq: 8, hkv: 4, d: 4, dv: 4)
        let ulysses = UlyssesPreamble(world: u), ring = RingPreamble(world: rd)
        let stack = StackedKernel(preamble: ulysses, core: StackedKernel(preamble: ring, core: ReferenceAttention()))
        var args = randomArguments(shape, dtype: .float32)
        args.mask.causal = .topLeft
        try expectWithinTolerance(try run(stack, args, lse: false), for: args, "USP 2×4 float32")
        let outer = try #require(ulysses.log.last)
        let uly = (u - 1) * shape.b * shape.sq * (shape.hq * shape.d + 2 * shape.hkv * shape.d + shape.hq * shape.dv) / (u * u)
        #expect(outer.ranks.allSatisfy { $0.elementsSent == uly && $0.elementsReceived == uly }, "\(outer.ranks)")
        // One ring group per Ulysses rank, each over that rank's Hkv/u heads.
        #expect(ring.log.ledgers.count == u)
        let ringVolume = 2 * (rd - 1) * shape.b * (shape.sq / rd) * (shape.hkv / u) * shape.d
        for ledger in ring.log.ledgers {
            #expect(ledger.ranks.allSatisfy { $0 == Traffic(elementsSent: ringVolume, elementsReceived: ringVolume,
                                                             bytesSent: 4 * ringVolume, bytesReceived: 4 * ringVolume) }, "\(ledger.ranks)")
        }
    }

    @Test("the factories reject bad parameters with the parameter's name", arguments: [
        "ulysses:world=0", "ulysses", "ring:world=2,layout=stripe", "ring:world=x", "ulysses:world=2,timeout=-1", "ring:world=2,size=3",
    ])
    func badParameters(spec: String) throws {
        #expect(throws: AttestError.self) { _ = try resolve([spec]) }
    }
}
