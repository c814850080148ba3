import AttestCore
import AttestTensor
import Foundation

/// The executable specification of `docs/semantics.md`: literal, row by row,
/// in float64.
///
/// For every batch entry b, query head h and query i it builds the score row
/// over all Skv keys, then the softmax of that row, then the weighted sum of
/// value rows. Memory is O(Skv) per row: the Sq × Skv matrix never exists.
///
/// Precision: inputs of any element type and strides are widened exactly to
/// float64; every dot product, max, exponential, sum and weighted sum is in
/// float64, summed in key order j = 0, 1, …; outputs are rounded once to the
/// element type of the output buffers.
///
/// Semantic choices, each named where it is made below:
/// 1. scale defaults to 1/sqrt(D) and may be any finite value;
/// 2. softcap `c·tanh(s/c)` applies to the scaled score, before bias;
/// 3. bias and ALiBi are added after softcap;
/// 4. masked keys get score -inf; so does any key whose biased score is -inf;
/// 5. GQA: query head h reads kv head h / (Hq/Hkv);
/// 6. a row with no visible key gives o = 0 and lse = -inf;
/// 7. lse is the natural log of Σ exp(score) over visible keys;
/// 8. a NaN score makes its whole row (o and lse) NaN; hidden keys are never read.
public struct ReferenceAttention: AttentionKernel {
    public init() {}

    public var name: String { "reference" }
    /// Every element type and feature, up to `literalMaxFlops`: larger calls
    /// are the fast golden's (`BLASGolden`), not this loop's.
    public var capabilities: KernelCapabilities { .literal }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try args.validate()
        let dims = args.dims
        try output.validate(for: dims)
        let problem = WidenedProblem(args)
        for b in 0 ..< dims.batch {
            for h in 0 ..< dims.queryHeads {
                for i in 0 ..< dims.queryLength {
                    let row = problem.scores(batch: b, head: h, query: i)
                    let (weights, lse) = softmax(row)
                    let o = problem.weightedValues(weights, batch: b, head: h)
                    for e in 0 ..< dims.valueDim { output.o.set(o[e], at: [b, i, h, e]) }
                    output.lse?.set(lse, at: [b, h, i])
                }
            }
        }
    }
}

/// Softmax of one score row in float64, subtracting the row maximum.
/// Choice 6: a row whose scores are all -inf gives all-zero weights and
/// lse = -inf. Choice 7: lse = max + log Σ exp(s - max), natural log.
/// A NaN score (from NaN in q or in a visible key) makes every weight and lse
/// NaN, wherever it sits in the row: `max()` alone would let a leading NaN
/// pass for a fully masked row (o = 0, lse = -inf), a silent wrong answer.
func softmax(_ scores: [Double]) -> (weights: [Double], lse: Double) {
    if scores.contains(where: \.isNaN) { return (Array(repeating: .nan, count: scores.count), .nan) }
    let m = scores.max() ?? -.infinity
    guard m > -.infinity else { return (Array(repeating: 0, count: scores.count), -.infinity) }
    let e = scores.map { exp($0 - m) }
    let sum = e.reduce(0, +)
    return (e.map { $0 / sum }, m + log(sum))
}

/// The call's tensors widened to contiguous float64 once, with the score and
/// value rules of the contract as small functions over them.
struct WidenedProblem {
    let args: AttentionArguments
    let dims: AttentionDims
    let scale: Double
    let q: [Double], k: [Double], v: [Double]
    let bias: Tensor<Double>?

    init(_ args: AttentionArguments) {
        self.args = args
        dims = args.dims
        scale = args.effectiveScale // choice 1
        q = args.q.widened().scalars
        k = args.k.widened().scalars
        v = args.v.widened().scalars
        bias = args.bias?.widened()
    }

    /// Flat index of `[b, s, h, x]` in a contiguous `[B, S, H, X]` buffer.
    @inline(__always)
    func at(_ b: Int, _ s: Int, _ h: Int, _ x: Int, _ S: Int, _ H: Int, _ X: Int) -> Int {
        ((b * S + s) * H + h) * X + x
    }

    /// The score of every key for query i of batch b, head h: -inf where hidden.
    func scores(batch b: Int, head h: Int, query i: Int) -> [Double] {
        let d = dims
        let kvh = d.keyValueHead(forQueryHead: h) // choice 5
        guard let segment = args.mask.segment(batch: b, query: i, dims: d) else {
            return Array(repeating: -.infinity, count: d.keyLength) // padding row: choice 6
        }
        return (0 ..< d.keyLength).map { j in
            guard args.mask.isVisible(batch: b, head: h, query: i, key: j, segment: segment) else { return -.infinity } // choice 4
            var dot = 0.0
            for x in 0 ..< d.headDim {
                dot += q[at(b, i, h, x, d.queryLength, d.queryHeads, d.headDim)]
                    * k[at(b, j, kvh, x, d.keyLength, d.keyValueHeads, d.headDim)]
            }
            var s = scale * dot
            if let c = args.softcap { s = c * tanh(s / c) } // choice 2
            if let bias { // choice 3
                s += bias[bias.shape[0] == 1 ? 0 : b, bias.shape[1] == 1 ? 0 : h, i, j]
            }
            if let slopes = args.alibiSlopes {
                let distance = segment.localQuery + segment.bottomRightOffset - (j - segment.keyStart)
                s += -slopes[h] * Double(abs(distance))
            }
            return s // a bias of -inf makes this -inf: masked (choice 4)
        }
    }

    /// Σ_j weights[j] · v[b, j, kvh, :], in key order, float64.
    func weightedValues(_ weights: [Double], batch b: Int, head h: Int) -> [Double] {
        let d = dims
        let kvh = d.keyValueHead(forQueryHead: h)
        var o = Array(repeating: 0.0, count: d.valueDim)
        for j in 0 ..< d.keyLength where weights[j] != 0 {
            for e in 0 ..< d.valueDim {
                o[e] += weights[j] * v[at(b, j, kvh, e, d.keyLength, d.keyValueHeads, d.valueDim)]
            }
        }
        return o
    }
}
