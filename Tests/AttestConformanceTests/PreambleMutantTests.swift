import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import Testing

/// Every mutant preamble, run over the reference, is far from the reference
/// on the problem that exposes it, and differs from the correct preamble only
/// by its replaced step (`Sources/AttestConformance/Mutants/Bugs+Preambles.swift`).
@Suite("Preamble mutants are caught by the invariants")
struct PreambleMutantTests {
    /// B = 3, Hq = 8, Hkv = 2 (kv replication at P = 4), causal: exposes every mutant.
    static let problem = MutantProblem("B=3 Sq=Skv=12 Hq=8 Hkv=2 causal_tl") {
        $0.batch = 3; $0.queryLength = 12; $0.keyLength = 12; $0.queryHeads = 8; $0.keyValueHeads = 2
        $0.headDim = 4; $0.valueDim = 4
        $0.configure = { $0.mask.causal = .topLeft }
    }

    static func stack(_ preamble: String, problem: MutantProblem) throws -> AttentionOutput {
        let registry = PreambleRegistry(PreambleMutants.factories)
        return try problem.run(StackedKernel(preamble: try registry.make(try PreambleSpec(parsing: preamble)), core: ReferenceAttention()))
    }

    @Test("each mutant breaks agreement with the reference on the configuration that exposes it",
          arguments: PreambleMutants.zoo.map(\.name))
    func mutantIsCaught(_ name: String) throws {
        let out = try Self.stack("\(name):world=4", problem: Self.problem)
        let difference = out.distance(to: try Self.problem.run(ReferenceAttention()))
        #expect(difference > 1e-3, "\(name) stays within \(difference) of the reference")
    }

    @Test("the batch mix-up is invisible at B = 1: why the suite runs B = 3")
    func batchMixUpNeedsBatches() throws {
        let problem = MutantProblem("B=1 Sq=Skv=12 Hq=Hkv=8") {
            $0.batch = 1; $0.queryLength = 12; $0.keyLength = 12; $0.queryHeads = 8; $0.keyValueHeads = 8
            $0.headDim = 4; $0.valueDim = 4
        }
        let mutant = try Self.stack("mutant/ulysses-batch-mixed:world=4", problem: problem)
        #expect(mutant.distance(to: try problem.run(ReferenceAttention())) == 0, "batch mix-up at B = 1")
    }
}
