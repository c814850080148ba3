import AttestCore
import AttestFixtures
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing

/// Runs the float64 reference on a loaded fixture case and expects it to
/// reproduce the stored float64 expectations of the independent numpy oracle
/// (`expectReproduces`: the tolerance policy's float64 rule with an exact
/// baseline, and the same -inf pattern).
enum GoldenCheck {
    /// The module of a `kind = mha` case, built from its stored weights.
    static func module(_ loaded: LoadedFixtureCase, _ m: FixtureModule) throws -> MultiHeadAttention {
        let d = loaded.fixture.dims
        return try MultiHeadAttention(qkvWeight: m.qkvWeight, qkvBias: m.qkvBias, outputWeight: m.outputWeight,
                                      outputBias: m.outputBias, queryHeads: d.queryHeads, keyValueHeads: d.keyValueHeads,
                                      headDim: d.headDim, valueDim: d.valueDim)
    }

    /// `ReferenceAttention` into float64 buffers (o, lse); for module cases also
    /// `MultiHeadAttention` with the reference core in float64 from the stored x.
    /// Each tensor is expected to reproduce its golden; issues name `what`.
    static func expectReproduced(_ loaded: LoadedFixtureCase, _ what: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let args = loaded.arguments
        let output = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
        try ReferenceAttention().forward(args, into: output)
        let lse = try #require(output.lse)
        expectReproduces(output.o.widened(), loaded.expectedOutput, "\(what) o", sourceLocation: sourceLocation)
        expectReproduces(lse.widened(), loaded.expectedLogSumExp, "\(what) lse", sourceLocation: sourceLocation)
        if let m = loaded.module {
            let options = AttentionOptions(scale: args.scale, softcap: args.softcap, mask: args.mask, bias: args.bias,
                                           alibiSlopes: args.alibiSlopes)
            let y = try module(loaded, m)(m.x.widened(), core: ReferenceAttention(), options: options, dtype: .float64)
            expectReproduces(y, m.expectedY, "\(what) y", sourceLocation: sourceLocation)
        }
    }

    /// Loads every case of `path` and expects each reproduced. Returns the number of cases checked.
    @discardableResult
    static func expectAllCases(in path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let file = try FixtureFile(path: path)
        let cases = try file.cases()
        for fixture in cases {
            try expectReproduced(file.load(fixture), "\(path) \(fixture.group) \(fixture.id)", sourceLocation: sourceLocation)
        }
        return cases.count
    }
}
