import AttestCore
import AttestTensor

extension FixtureFile {
    /// Loads case `fixture` (from `cases()`): every dataset is checked for
    /// presence, shape, element type and `sha256` before use, and the
    /// resulting `AttentionArguments` must pass `validate()`.
    ///
    /// Mapping (schema v1 -> AttestCore): `scale` is nil when `scale_is_default`;
    /// `softcap` 0 -> nil; `causal`; window -1 -> unbounded; `key_lengths`,
    /// `query_lengths` -> padding lengths; `cu_seqlens_q/k` -> `PackedSequences`;
    /// uint8 `mask` -> boolean mask (nonzero = visible); float64 `bias` and
    /// `alibi_slopes` as stored.
    public func load(_ fixture: FixtureCase) throws(FixtureError) -> LoadedFixtureCase {
        let group = try hdf5(fixture.group) { () throws(HDF5Error) in try root.group(fixture.group) }
        let r = DatasetReader(group: group, file: path, caseName: fixture.group)
        let d = fixture.dims
        let (B, Sq, Skv, Hq, Hkv, D, Dv) = (d.batch, d.queryLength, d.keyLength, d.queryHeads, d.keyValueHeads,
                                            d.headDim, d.valueDim)
        let inputType = fixture.kind == .module ? DType.float64 : fixture.dtype
        let q = try r.anyTensor("q", ShapePattern(exactly: [B, Sq, Hq, D]), inputType)
        let k = try r.anyTensor("k", ShapePattern(exactly: [B, Skv, Hkv, D]), inputType)
        let v = try r.anyTensor("v", ShapePattern(exactly: [B, Skv, Hkv, Dv]), inputType)

        var mask = AttentionMask(causal: fixture.causal, window: fixture.window)
        if try r.has("key_lengths") { mask.keyLengths = try r.ints("key_lengths", ShapePattern(exactly: [B])) }
        if try r.has("query_lengths") { mask.queryLengths = try r.ints("query_lengths", ShapePattern(exactly: [B])) }
        let packedQ = try r.has("cu_seqlens_q"), packedK = try r.has("cu_seqlens_k")
        if packedQ || packedK {
            guard packedQ else { throw FixtureError(file: path, caseName: fixture.group, problem: .missingDataset("cu_seqlens_q")) }
            guard packedK else { throw FixtureError(file: path, caseName: fixture.group, problem: .missingDataset("cu_seqlens_k")) }
            let offsetsQ = try r.ints("cu_seqlens_q", ShapePattern([nil]))
            let offsetsK = try r.ints("cu_seqlens_k", ShapePattern([[offsetsQ.count]]))
            mask.packed = PackedSequences(queryOffsets: offsetsQ, keyOffsets: offsetsK)
        }
        let broadcast = ShapePattern([[1, B], [1, Hq], [Sq], [Skv]])
        if try r.has("mask") { mask.boolean = try r.bools("mask", broadcast) }
        let bias: AnyTensor? = try r.has("bias") ? .float64(try r.tensor("bias", broadcast, as: Double.self)) : nil
        let alibi = try r.has("alibi_slopes") ? try r.tensor("alibi_slopes", ShapePattern(exactly: [Hq]), as: Double.self).scalars : nil

        let arguments = AttentionArguments(q: q, k: k, v: v, scale: fixture.scaleIsDefault ? nil : fixture.scale,
                                           softcap: fixture.softcap, mask: mask, bias: bias, alibiSlopes: alibi)
        do { try arguments.validate() } catch {
            throw FixtureError(file: path, caseName: fixture.group, problem: .invalidCase("\(error)"))
        }
        let o = try r.tensor("o", ShapePattern(exactly: [B, Sq, Hq, Dv]), as: Double.self)
        let lse = try r.tensor("lse", ShapePattern(exactly: [B, Hq, Sq]), as: Double.self)
        var module: FixtureModule?
        if fixture.kind == .module {
            module = try loadModule(fixture, r)
        }
        return LoadedFixtureCase(fixture: fixture, arguments: arguments, expectedOutput: o, expectedLogSumExp: lse,
                                 module: module)
    }

    /// The weights, input and expected output of a module case (S = Sq = Skv).
    private func loadModule(_ fixture: FixtureCase, _ r: DatasetReader) throws(FixtureError) -> FixtureModule {
        let d = fixture.dims
        guard d.queryLength == d.keyLength, let dModel = fixture.modelDim else {
            throw FixtureError(file: path, caseName: fixture.group,
                               problem: .invalidCase("a module case needs Sq == Skv and dmodel, got Sq=\(d.queryLength), Skv=\(d.keyLength)"))
        }
        let fused = d.queryHeads * d.headDim + d.keyValueHeads * d.headDim + d.keyValueHeads * d.valueDim
        let (B, S) = (d.batch, d.queryLength)
        return FixtureModule(
            x: try r.anyTensor("x", ShapePattern(exactly: [B, S, dModel]), fixture.dtype),
            qkvWeight: try r.tensor("w_qkv", ShapePattern(exactly: [fused, dModel]), as: Double.self),
            qkvBias: try r.tensor("b_qkv", ShapePattern(exactly: [fused]), as: Double.self),
            outputWeight: try r.tensor("w_o", ShapePattern(exactly: [dModel, d.queryHeads * d.valueDim]), as: Double.self),
            outputBias: try r.tensor("b_o", ShapePattern(exactly: [dModel]), as: Double.self),
            expectedY: try r.tensor("y", ShapePattern(exactly: [B, S, dModel]), as: Double.self))
    }
}
