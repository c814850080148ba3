import AttestCore
import AttestTensor
import Testing
@testable import AttestReference

/// `ScoreRules` is the one implementation of scale → softcap → bias → ALiBi →
/// mask that the kernels, the baseline, the ring blocks, the property checks
/// and the mutants share; the literal reference keeps its own loop. In
/// float64 both do the same operations in the same order, so every finished
/// score must equal the reference's bit for bit (-inf where hidden).
@Suite("ScoreRules agrees with the reference's score rows")
struct ScoreRulesTests {
    static let cases = KernelCase.matrix + (1 ... 40).map { KernelCase.random(seed: 2000 + $0) }

    @Test("every mask kind and score option is among the cases")
    func casesCoverEveryFeature() {
        let covered = Self.cases.reduce(into: Set<AttentionFeature>()) { $0.formUnion($1.arguments(.float64).requiredFeatures) }
        let missing = Set(AttentionFeature.allCases).subtracting(covered).subtracting([.logSumExp])
        #expect(missing.isEmpty, "no case exercises \(missing.map(\.rawValue).sorted())")
        #expect(Self.cases.contains { $0.scale != nil }, "no case sets an explicit scale")
    }

    @Test("finished row == reference row, bit for bit, in float64", arguments: cases)
    func agreesWithReference(_ kase: KernelCase) {
        let args = kase.arguments(.float64)
        let d = args.dims
        let reference = WidenedProblem(args)
        let rules = ScoreRules<Double>(args: args, foldedScale: false)
        let bias = args.bias?.widened()
        var mismatches: [String] = []
        for b in 0 ..< d.batch {
            let bounds = RowBounds.table(mask: args.mask, batch: b, dims: d)
            for h in 0 ..< d.queryHeads {
                let kvh = d.keyValueHead(forQueryHead: h)
                for i in 0 ..< d.queryLength {
                    let expected = reference.scores(batch: b, head: h, query: i)
                    var row = (0 ..< d.keyLength).map { j in
                        (0 ..< d.headDim).reduce(0.0) { $0 + args.q.double(at: [b, i, h, $1]) * args.k.double(at: [b, j, kvh, $1]) }
                    }
                    let m = rules.finish(row: &row, bounds: bounds[i], batch: b, head: h, query: i, bias: bias,
                                         boolean: args.mask.boolean)
                    for j in 0 ..< d.keyLength where row[j].bitPattern != expected[j].bitPattern {
                        mismatches.append("b=\(b) h=\(h) i=\(i) j=\(j): \(row[j]) vs reference \(expected[j])")
                    }
                    let expectedMax = expected.contains(where: \.isNaN) ? Double.nan : expected.max() ?? -.infinity
                    if m.bitPattern != expectedMax.bitPattern && !(m.isNaN && expectedMax.isNaN) {
                        mismatches.append("b=\(b) h=\(h) i=\(i): row maximum \(m) vs \(expectedMax)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(kase.name): \(mismatches.count) mismatch(es), first: \(mismatches.prefix(3))")
    }
}
