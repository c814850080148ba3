import AttestCore
import AttestFixtures
import AttestReference
import AttestTensor
import Testing

/// Runs the float64 reference on a loaded fixture case and measures its error
/// against the stored float64 expectations (`Compare`).
enum GoldenCheck {
    struct Errors: CustomStringConvertible {
        var o: Double
        var lse: Double
        var y: Double?
        var worst: Double { max(o, lse, y ?? 0) }
        var description: String { "o \(o), lse \(lse)" + (y.map { ", y \($0)" } ?? "") }
    }

    /// The module of a `kind = mha` case, built from its stored weights.
    static func module(_ loaded: LoadedFixtureCase, _ m: FixtureModule) throws -> MultiHeadAttention {
        let d = loaded.fixture.dims
        return try MultiHeadAttention(qkvWeight: m.qkvWeight, qkvBias: m.qkvBias, outputWeight: m.outputWeight,
                                      outputBias: m.outputBias, queryHeads: d.queryHeads, keyValueHeads: d.keyValueHeads,
                                      headDim: d.headDim, valueDim: d.valueDim)
    }

    /// `ReferenceAttention` into float64 buffers (o, lse); for module cases also
    /// `MultiHeadAttention` with the reference core in float64 from the stored x.
    static func run(_ loaded: LoadedFixtureCase) throws -> Errors {
        let args = loaded.arguments
        let output = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
        try ReferenceAttention().forward(args, into: output)
        let lse = try #require(output.lse)
        var errors = Errors(o: Compare.relativeError(output.o.widened().scalars, loaded.expectedOutput.scalars),
                            lse: Compare.logSumExpError(lse.widened().scalars, loaded.expectedLogSumExp.scalars))
        if let m = loaded.module {
            let options = AttentionOptions(scale: args.scale, softcap: args.softcap, mask: args.mask, bias: args.bias,
                                           alibiSlopes: args.alibiSlopes)
            let y = try module(loaded, m)(m.x.widened(), core: ReferenceAttention(), options: options, dtype: .float64)
            errors.y = Compare.relativeError(y.scalars, m.expectedY.scalars)
        }
        return errors
    }

    /// Loads every case of `path` and expects each within `Compare.goldenTolerance`.
    /// Returns the number of cases checked.
    @discardableResult
    static func expectAllCases(in path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let file = try FixtureFile(path: path)
        let cases = try file.cases()
        for fixture in cases {
            let errors = try run(file.load(fixture))
            #expect(errors.worst <= Compare.goldenTolerance,
                    "\(path) \(fixture.group) \(fixture.id): relative error \(errors) > \(Compare.goldenTolerance)",
                    sourceLocation: sourceLocation)
        }
        return cases.count
    }
}
