import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing
@testable import AttestParallel

/// The largest |a − b| over o (float64), to show a mutant is far off, not a rounding away.
private func maxDifference(_ a: AttentionOutput, _ b: AttentionOutput) -> Double {
    zip(a.o.widened().scalars, b.o.widened().scalars).map { abs($0 - $1) }.max() ?? 0
}

@Suite("Preamble mutants are caught by the invariants")
struct MutationTests {
    @Test("each mutant breaks agreement with the reference on the configuration that exposes it", arguments: PreambleMutation.allCases)
    func mutantIsCaught(mutation: PreambleMutation) throws {
        var args = randomArguments(Shape(b: 3, sq: 12, skv: 12, hq: 8, hkv: 2, d: 4, dv: 4), seed: 31)
        args.mask.causal = .topLeft
        let preamble: any AttentionPreamble = mutation.isUlysses
            ? UlyssesPreamble(world: 4, mutation: mutation) : RingPreamble(world: 4, mutation: mutation)
        #expect(preamble.name == mutation.registryName && preamble.name.hasPrefix("mutant/"))
        let out = try run(StackedKernel(preamble: preamble, core: ReferenceAttention()), args)
        let difference = maxDifference(out, try referenceOutput(args))
        #expect(difference > 1e-3, "\(mutation) stays within \(difference) of the reference")
    }

    @Test("the batch mix-up is invisible at B = 1: why the suite runs B = 3")
    func batchMixUpNeedsBatches() throws {
        let args = randomArguments(Shape(b: 1, sq: 12, skv: 12, hq: 8, hkv: 8, d: 4, dv: 4), seed: 32)
        let stack = StackedKernel(preamble: UlyssesPreamble(world: 4, mutation: .batchMixedUp), core: ReferenceAttention())
        expectBitIdentical(try run(stack, args), try referenceOutput(args), "batch mix-up at B = 1")
    }
}
