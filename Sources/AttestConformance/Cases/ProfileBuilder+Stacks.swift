import AttestCore
import AttestTensor

extension ProfileBuilder {
    /// Generated cases whose shape every standard preamble stack can take, so
    /// that certifying a stack exercises every feature even where the shape
    /// rules of sequence parallelism exclude other cases of the profile.
    ///
    /// Shape: B = 2 (batch mix-ups show), Sq = Skv = 16 (self-attention, so
    /// the ring's causal diagonal blocks and zigzag halves run; divisible by
    /// 2P for zigzag at P = 2, 4, 8), Hq = 4 with Hkv ∈ {4, 2, 1} (Ulysses at
    /// P = 4 splits MHA heads and replicates kv heads for GQA and MQA), D = 8.
    /// Stacks this covers: `ulysses:world=P` for P ∈ {1, 2, 4}, `ring:world=P`
    /// contiguous (P <= 16) or zigzag (P ∈ {1, 2, 4, 8}) and their USP
    /// products with u ∈ {1, 2, 4}.
    ///
    /// Cases: every feature group of the standard profile × MHA/GQA/MQA in
    /// float32; every group with GQA in bfloat16; dense and causal with GQA in
    /// float16 and float64; the normal_x3 and uniform input distributions
    /// (otherwise only in golden families whose shapes some stacks cannot take).
    static func stackCases() -> [String] {
        func id(_ dtype: DType, _ hkv: Int, _ group: Group) -> String {
            var spec = ProblemSpec(dtype: dtype, dims: AttentionDims(batch: 2, queryLength: 16, keyLength: 16, queryHeads: 4,
                                                                     keyValueHeads: hkv, headDim: 8, valueDim: 8))
            group.apply(&spec)
            return CaseSpec(.generated(group: group.name), spec).id
        }
        var ids: [String] = []
        for group in groups {
            for hkv in [4, 2, 1] { ids.append(id(.float32, hkv, group)) }
            ids.append(id(.bfloat16, 2, group))
        }
        for dtype in [DType.float16, .float64] {
            ids.append(id(dtype, 2, Group(name: "dense") { _ in }))
            ids.append(id(dtype, 2, Group(name: "causal") { $0.mask = [.causalBottomRight] }))
        }
        for dist in [InputDistribution.normalTimes3, .uniform] {
            ids.append(id(.float32, 2, Group(name: "dist") { $0.distribution = dist; $0.mask = [.causalBottomRight] }))
        }
        return ids
    }

    /// What the `stacks` profile adds to `stackCases` so that it rejects every
    /// mutant of the zoo a case can catch (`docs/reliability.md`), each an id
    /// of the standard profile (so every standard configuration already
    /// passes it or finds it not supported):
    /// - ALiBi with Sq != Skv (the even shape, f32, GQA): with Sq = Skv the
    ///   top-left and bottom-right ALiBi alignments coincide
    ///   (`mutant/alibi-top-left`);
    /// - the determinism property (f32): two runs, identical bits
    ///   (`mutant/nondeterministic`);
    /// - one case of each content family 4, 5, 7, 8 (`contentGapCases`).
    static func stackGapCases() -> [String] {
        let even = shapes[0]
        var alibi = ProblemSpec(dtype: .float32, dims: AttentionDims(batch: even.batch, queryLength: even.sq, keyLength: even.skv,
                                                                     queryHeads: 4, keyValueHeads: 2, headDim: even.d, valueDim: even.d))
        guard let group = groups.first(where: { $0.name == "alibi" }) else { preconditionFailure("ProfileBuilder.groups has no alibi group") }
        group.apply(&alibi)
        let determinism = propertySpec("determinism", "default", dtype: .float32, seed: 0)
        return [CaseSpec(.generated(group: group.name), alibi).id,
                CaseSpec(.property(name: "determinism", variant: "default"), determinism).id] + contentGapCases()
    }
}
