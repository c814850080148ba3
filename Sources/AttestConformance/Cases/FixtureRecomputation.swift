import AttestCore
import AttestFixtures
import AttestReference
import AttestTensor

/// What `attest fixtures verify` checks beyond the hashes: a file whose
/// attributes were changed (scale, causal, softcap, window, ...) and whose
/// hashes were then updated passes every hash, so each case is also
/// recomputed from what the file says.
///
/// For every case of the file:
/// - its `case_id` is the canonical id of its attributes (`CaseSpec` of a
///   golden origin with the stored call, model width, distribution and seed);
/// - `ReferenceAttention` (float64, row by row) on the stored inputs and
///   attributes reproduces the stored o and lse: the same NaN/±inf pattern, and
///   |recomputed − stored| ≤ 1e-12 · max|stored| elementwise, the maximum over
///   the tensor's finite stored elements (so the tolerance is relative to the
///   tensor's scale, not to each element: a near-zero element is held to the
///   same absolute bound as its neighbours);
/// - for module cases (`kind = mha`), `MultiHeadAttention` with the reference
///   core in float64 reproduces the stored y the same way.
///
/// Precision: everything is float64 (the reference accumulates in float64 in
/// key order; the numpy generator's order differs, which costs a few ulps of
/// max|stored|, far below 1e-12 relative).
public enum FixtureRecomputation {
    /// The relative tolerance, in units of max|stored| of the tensor.
    public static let relativeTolerance = 1e-12

    /// `FixtureFile.checkedIndex` (schema, hashes, manifest, every case loads),
    /// then every case recomputed and its id checked. Throws the first problem,
    /// naming the file, the case group and its id, and what differs.
    public static func checkedIndex(path: String) throws(FixtureError) -> FixtureIndex {
        let index = try FixtureFile.checkedIndex(path: path)
        let file = try FixtureFile(path: path)
        for fixture in try file.cases() {
            let loaded = try file.load(fixture)
            if let why = problem(loaded, family: file.family) {
                throw FixtureError(file: path, caseName: fixture.group, problem: .invalidCase("\(fixture.id): \(why)"))
            }
        }
        return index
    }

    /// What is wrong with one loaded case (its id, then its outputs, joined by
    /// "; " when both are wrong), or nil.
    static func problem(_ loaded: LoadedFixtureCase, family: String) -> String? {
        let problems = [idProblem(loaded, family: family), outputProblem(loaded)].compactMap { $0 }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// Whether the stored id is the canonical id of the stored attributes.
    static func idProblem(_ loaded: LoadedFixtureCase, family: String) -> String? {
        let fixture = loaded.fixture
        guard let distribution = InputDistribution(rawValue: fixture.distribution) else {
            return "distribution '\(fixture.distribution)' is not one Attest knows"
        }
        let canonical = CaseSpec(.golden(family: family, module: fixture.kind == .module),
                                 ProblemSpec(arguments: loaded.arguments, dtype: fixture.dtype, modelDim: fixture.modelDim,
                                             distribution: distribution, seed: Int(fixture.seed))).id
        return canonical == fixture.id ? nil
            : "the case id is not the canonical id of the case's attributes, which is \(canonical)"
    }

    /// Whether the float64 reference reproduces the stored o, lse (and y).
    static func outputProblem(_ loaded: LoadedFixtureCase) -> String? {
        let fixture = loaded.fixture, args = loaded.arguments
        do {
            let output = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
            try ReferenceAttention().forward(args, into: output)
            if let why = difference("o", recomputed: output.o.widened(), stored: loaded.expectedOutput) { return why }
            if let lse = output.lse, let why = difference("lse", recomputed: lse.widened(), stored: loaded.expectedLogSumExp) {
                return why
            }
            if let m = loaded.module {
                let d = fixture.dims
                let module = try MultiHeadAttention(qkvWeight: m.qkvWeight, qkvBias: m.qkvBias, outputWeight: m.outputWeight,
                                                    outputBias: m.outputBias, queryHeads: d.queryHeads,
                                                    keyValueHeads: d.keyValueHeads, headDim: d.headDim, valueDim: d.valueDim)
                let options = AttentionOptions(scale: args.scale, softcap: args.softcap, mask: args.mask, bias: args.bias,
                                               alibiSlopes: args.alibiSlopes)
                let y = try module(m.x.widened(), core: ReferenceAttention(), options: options, dtype: .float64)
                if let why = difference("y", recomputed: y, stored: m.expectedY) { return why }
            }
        } catch {
            return "the float64 reference cannot recompute it: \(error)"
        }
        return nil
    }

    /// The first element where `recomputed` and `stored` differ (NaN/±inf
    /// pattern, or more than `relativeTolerance · max|stored|`), described; nil when none does.
    static func difference(_ name: String, recomputed: Tensor<Double>, stored: Tensor<Double>) -> String? {
        guard recomputed.shape == stored.shape else {
            return "stored \(name) has shape \(stored.shape), the recomputed one \(recomputed.shape)"
        }
        let r = recomputed.scalars, s = stored.scalars
        let scale = s.lazy.filter(\.isFinite).map(abs).max() ?? 0
        let allowed = relativeTolerance * scale
        for n in s.indices {
            let same = s[n].isFinite && r[n].isFinite ? abs(r[n] - s[n]) <= allowed
                : (s[n].isNaN && r[n].isNaN) || s[n] == r[n]
            guard !same else { continue }
            return "stored \(name) differs from the float64 reference recomputed from the case's inputs and attributes "
                + "at \(unflatten(n, stored.shape)): stored \(s[n]), recomputed \(r[n]) (allowed |difference| "
                + "\(fmt(allowed)) = \(relativeTolerance) · max|stored \(name)| \(fmt(scale)))"
        }
        return nil
    }
}
