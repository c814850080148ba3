/// One dataset of a case in schema v1: the shapes it may have and its stored element type.
struct DatasetSpec {
    var pattern: ShapePattern
    var type: HDF5ElementType
}

extension FixtureCase {
    /// Every dataset a case of schema v1 may hold (`fixtures/README.md`, "Datasets of a case"),
    /// with its shape derived from the case's dims attributes and its stored type:
    ///
    ///     q, k, v          [B,Sq,Hq,D], [B,Skv,Hkv,D], [B,Skv,Hkv,Dv]   dtype (float64 for mha)
    ///     key_lengths, query_lengths   [B]                               int64
    ///     cu_seqlens_q, cu_seqlens_k   [n+1]                             int64
    ///     mask, bias       [1|B, 1|Hq, Sq, Skv]                          uint8, float64
    ///     alibi_slopes     [Hq]                                          float64
    ///     o, lse           [B,Sq,Hq,Dv], [B,Hq,Sq]                       float64
    ///     mha only (S = Sq = Skv, F = Hq·D + Hkv·D + Hkv·Dv):
    ///     x, y             [B,S,dmodel]                                  dtype, float64
    ///     w_qkv, b_qkv     [F, dmodel], [F]                              float64
    ///     w_o, b_o         [dmodel, Hq·Dv], [dmodel]                     float64
    ///
    /// Every dataset is checked against this before a byte of it is read; the
    /// derived sizes F and Hq·Dv are computed with overflow checks.
    func datasetSpecs(file: String) throws(FixtureError) -> [String: DatasetSpec] {
        let d = dims
        let (B, Sq, Skv, Hq, Hkv, D, Dv) = (d.batch, d.queryLength, d.keyLength, d.queryHeads, d.keyValueHeads,
                                            d.headDim, d.valueDim)
        let input = HDF5ElementType(kind == .module ? .float64 : dtype)
        let broadcast = ShapePattern([[1, B], [1, Hq], [Sq], [Skv]])
        var specs: [String: DatasetSpec] = [
            "q": DatasetSpec(pattern: ShapePattern(exactly: [B, Sq, Hq, D]), type: input),
            "k": DatasetSpec(pattern: ShapePattern(exactly: [B, Skv, Hkv, D]), type: input),
            "v": DatasetSpec(pattern: ShapePattern(exactly: [B, Skv, Hkv, Dv]), type: input),
            "key_lengths": DatasetSpec(pattern: ShapePattern(exactly: [B]), type: .int64),
            "query_lengths": DatasetSpec(pattern: ShapePattern(exactly: [B]), type: .int64),
            "cu_seqlens_q": DatasetSpec(pattern: ShapePattern([nil]), type: .int64),
            "cu_seqlens_k": DatasetSpec(pattern: ShapePattern([nil]), type: .int64),
            "mask": DatasetSpec(pattern: broadcast, type: .uint8),
            "bias": DatasetSpec(pattern: broadcast, type: .float64),
            "alibi_slopes": DatasetSpec(pattern: ShapePattern(exactly: [Hq]), type: .float64),
            "o": DatasetSpec(pattern: ShapePattern(exactly: [B, Sq, Hq, Dv]), type: .float64),
            "lse": DatasetSpec(pattern: ShapePattern(exactly: [B, Hq, Sq]), type: .float64),
        ]
        guard kind == .module else { return specs }
        guard Sq == Skv, let dModel = modelDim else {
            throw FixtureError(file: file, caseName: group, problem: .invalidCase(
                "a module case needs Sq == Skv and dmodel, got Sq=\(Sq), Skv=\(Skv)"))
        }
        func checked(_ terms: [(Int, Int)]) throws(FixtureError) -> Int {
            var sum = 0
            for (a, b) in terms {
                let (product, o1) = a.multipliedReportingOverflow(by: b)
                let (next, o2) = sum.addingReportingOverflow(product)
                guard !o1, !o2 else {
                    throw FixtureError(file: file, caseName: group, problem: .invalidCase(
                        "the module's dimensions Hq=\(Hq), Hkv=\(Hkv), D=\(D), Dv=\(Dv) overflow a 64-bit size"))
                }
                sum = next
            }
            return sum
        }
        let fused = try checked([(Hq, D), (Hkv, D), (Hkv, Dv)])
        let heads = try checked([(Hq, Dv)])
        specs["x"] = DatasetSpec(pattern: ShapePattern(exactly: [B, Sq, dModel]), type: HDF5ElementType(dtype))
        specs["w_qkv"] = DatasetSpec(pattern: ShapePattern(exactly: [fused, dModel]), type: .float64)
        specs["b_qkv"] = DatasetSpec(pattern: ShapePattern(exactly: [fused]), type: .float64)
        specs["w_o"] = DatasetSpec(pattern: ShapePattern(exactly: [dModel, heads]), type: .float64)
        specs["b_o"] = DatasetSpec(pattern: ShapePattern(exactly: [dModel]), type: .float64)
        specs["y"] = DatasetSpec(pattern: ShapePattern(exactly: [B, Sq, dModel]), type: .float64)
        return specs
    }
}
