import AttestCore
import AttestTensor

extension FixtureFile {
    /// Loads case `fixture` (from `cases()`): every dataset is checked for
    /// presence, shape and element type against the case's schema
    /// (`FixtureCase.datasetSpecs`) before it is read, its bytes against the
    /// reader's limits (`HDF5Limits`) and its `sha256` before use, and the
    /// resulting `AttentionArguments` must pass `validate()`.
    ///
    /// Mapping (schema v1 -> AttestCore): `scale` is nil when `scale_is_default`;
    /// `softcap` 0 -> nil; `causal`; window -1 -> unbounded; `key_lengths`,
    /// `query_lengths` -> padding lengths; `cu_seqlens_q/k` -> `PackedSequences`;
    /// uint8 `mask` -> boolean mask (nonzero = visible); float64 `bias` and
    /// `alibi_slopes` as stored.
    public func load(_ fixture: FixtureCase) throws(FixtureError) -> LoadedFixtureCase {
        let group = try hdf5(fixture.group) { () throws(HDF5Error) in try root.group(fixture.group) }
        let r = try DatasetReader(group: group, file: path, fixture: fixture)
        let q = try r.anyTensor("q"), k = try r.anyTensor("k"), v = try r.anyTensor("v")

        var mask = AttentionMask(causal: fixture.causal, window: fixture.window)
        if try r.has("key_lengths") { mask.keyLengths = try r.ints("key_lengths") }
        if try r.has("query_lengths") { mask.queryLengths = try r.ints("query_lengths") }
        let packedQ = try r.has("cu_seqlens_q"), packedK = try r.has("cu_seqlens_k")
        if packedQ || packedK {
            guard packedQ else { throw FixtureError(file: path, caseName: fixture.group, problem: .missingDataset("cu_seqlens_q")) }
            guard packedK else { throw FixtureError(file: path, caseName: fixture.group, problem: .missingDataset("cu_seqlens_k")) }
            let offsetsQ = try r.ints("cu_seqlens_q")
            let offsetsK = try r.ints("cu_seqlens_k", ShapePattern([[offsetsQ.count]]))
            mask.packed = PackedSequences(queryOffsets: offsetsQ, keyOffsets: offsetsK)
        }
        if try r.has("mask") { mask.boolean = try r.bools("mask") }
        let bias: AnyTensor? = try r.has("bias") ? .float64(try r.tensor("bias", as: Double.self)) : nil
        let alibi = try r.has("alibi_slopes") ? try r.tensor("alibi_slopes", as: Double.self).scalars : nil

        let arguments = AttentionArguments(q: q, k: k, v: v, scale: fixture.scaleIsDefault ? nil : fixture.scale,
                                           softcap: fixture.softcap, mask: mask, bias: bias, alibiSlopes: alibi)
        do { try arguments.validate() } catch {
            throw FixtureError(file: path, caseName: fixture.group, problem: .invalidCase("\(error)"))
        }
        let o = try r.tensor("o", as: Double.self)
        let lse = try r.tensor("lse", as: Double.self)
        let module = fixture.kind == .module ? try loadModule(r) : nil
        return LoadedFixtureCase(fixture: fixture, arguments: arguments, expectedOutput: o, expectedLogSumExp: lse,
                                 module: module)
    }

    /// The weights, input and expected output of a module case (S = Sq = Skv;
    /// the shapes are the schema's, `FixtureCase.datasetSpecs`).
    private func loadModule(_ r: DatasetReader) throws(FixtureError) -> FixtureModule {
        FixtureModule(
            x: try r.anyTensor("x"),
            qkvWeight: try r.tensor("w_qkv", as: Double.self),
            qkvBias: try r.tensor("b_qkv", as: Double.self),
            outputWeight: try r.tensor("w_o", as: Double.self),
            outputBias: try r.tensor("b_o", as: Double.self),
            expectedY: try r.tensor("y", as: Double.self))
    }
}
