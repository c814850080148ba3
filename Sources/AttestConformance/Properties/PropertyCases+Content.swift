import AttestCore
import AttestTensor

/// Properties about what lies inside the tensors (issue 12, families 4 and 5),
/// kept beside `PropertyCases.variants` rather than in it: their problems need
/// a mask the generic builder loop does not draw, so only
/// `ProfileBuilder.contentCases` lists them.
///
/// | name | variants | what it checks |
/// |---|---|---|
/// | hidden_nonfinite | key_padding, causal, window, packed | every k and v slot that the mask hides from every query (padded keys, keys past the top-left causal diagonal, keys outside every row's window, keys of packed sequences without queries and unused trailing keys) holds NaN, +inf or -inf; o and lse equal the golden of the original problem |
/// | packing | n9, n49 | 9 or 49 packed sequences (`manyPacked`) with zero-length query and key sequences and unused trailing query and key tokens; golden = reference on that problem |
extension PropertyCases {
    public static let contentVariants: [(name: String, variants: [String])] = [
        ("hidden_nonfinite", ["key_padding", "causal", "window", "packed"]),
        ("packing", ["n9", "n49"]),
    ]

    static func buildContent(name: String, variant: String, original: AttentionArguments, idText: String) throws -> CaseProblem {
        switch (name, variant) {
        case ("hidden_nonfinite", "packed"):
            return try hiddenNonFinite(manyPacked(original, count: 9, idText: idText), idText: idText)
        case ("hidden_nonfinite", _):
            return try hiddenNonFinite(original, idText: idText)
        case ("packing", _):
            guard let count = Int(variant.dropFirst()) else { throw ConformanceError.unknownCase(idText, "no packing variant '\(variant)'") }
            let packed = try manyPacked(original, count: count, idText: idText)
            return try CaseProblem(referenceFor: packed)
        default:
            throw ConformanceError.unknownCase(idText, "no property '\(name)'")
        }
    }

    /// `a` with every k and v slot `[b, j, g, :]` that no query row of any
    /// head reading kv head g can see (by the mask rules alone) set to NaN,
    /// +inf and -inf in turn along the head dimension. The contract says a
    /// hidden key is never read (`docs/semantics.md` §7): golden = reference on `a`.
    static func hiddenNonFinite(_ a: AttentionArguments, idText: String) throws -> CaseProblem {
        let d = a.dims
        var seen = Array(repeating: false, count: d.batch * d.keyLength * d.keyValueHeads)
        for b in 0 ..< d.batch {
            for h in 0 ..< d.queryHeads {
                let g = d.keyValueHead(forQueryHead: h)
                for i in 0 ..< d.queryLength {
                    guard let segment = a.mask.segment(batch: b, query: i, dims: d) else { continue }
                    for j in 0 ..< d.keyLength where a.mask.isVisible(batch: b, head: h, query: i, key: j, segment: segment) {
                        seen[(b * d.keyLength + j) * d.keyValueHeads + g] = true
                    }
                }
            }
        }
        guard seen.contains(false) else {
            throw ConformanceError.badCaseID(idText, "hidden_nonfinite: the mask hides no key slot from every query")
        }
        let garbage: [Double] = [.nan, .infinity, -.infinity]
        func poisoned(_ x: AnyTensor) -> AnyTensor {
            TensorEdit.edited(x) { t in
                Tensor<Double>.forEachIndex(in: t.shape) { i in
                    if !seen[(i[0] * d.keyLength + i[1]) * d.keyValueHeads + i[2]] { t[i] = garbage[(i[1] + i[3]) % 3] }
                }
            }
        }
        var t = a
        t.k = poisoned(a.k)
        t.v = poisoned(a.v)
        let g = try ReferenceGolden.compute(a)
        return CaseProblem(args: t, golden: g.o, goldenLSE: g.lse)
    }

    /// `a` (B = 1) with its packed sequences replaced by `count` sequences
    /// drawn from `SeededGenerator(hashing: idText + "#packing")`: cut points
    /// uniform over the used tokens (so some sequences are empty by chance),
    /// 1 to 3 unused trailing tokens on each side, and forced: query sequence 1
    /// empty (its keys are seen by no query), key sequence 3 empty (its
    /// queries are fully masked), sequence 5 empty on both sides. Needs
    /// count >= 7, Sq and Skv >= 4.
    static func manyPacked(_ a: AttentionArguments, count: Int, idText: String) throws -> AttentionArguments {
        let d = a.dims
        guard d.batch == 1, count >= 7, d.queryLength >= 4, d.keyLength >= 4 else {
            throw ConformanceError.badCaseID(idText, "packing needs B = 1, at least 7 sequences, Sq and Skv >= 4")
        }
        var rng = SeededGenerator(hashing: idText + "#packing")
        func offsets(total: Int, empty: [Int]) -> [Int] {
            let used = total - rng.int(in: 1 ... 3)
            var o = [0] + (1 ..< count).map { _ in rng.int(in: 0 ... used) }.sorted() + [used]
            for s in empty { o[s + 1] = o[s] }
            return o
        }
        var t = a
        t.mask.packed = PackedSequences(queryOffsets: offsets(total: d.queryLength, empty: [1, 5]),
                                        keyOffsets: offsets(total: d.keyLength, empty: [3, 5]))
        try t.validate()
        return t
    }
}
