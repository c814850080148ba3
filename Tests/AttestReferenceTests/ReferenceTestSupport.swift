import AttestCore
import AttestReference
import AttestTestSupport
import AttestTensor
import Foundation
import Testing

/// A float64 tensor of `shape` holding `values` in row-major order.
func tensor(_ shape: [Int], _ values: [Double]) -> AnyTensor {
    AnyTensor(Tensor<Double>(shape: shape, elements: values))
}

/// A float64 tensor of `shape` whose element at each index is `body(index)`.
func tensor(_ shape: [Int], _ body: ([Int]) -> Double) -> AnyTensor {
    AnyTensor(Tensor<Double>(shape: shape, body))
}

/// A float64 tensor of `shape` with every element `value`.
func filled(_ shape: [Int], _ value: Double) -> AnyTensor { .filled(.float64, shape: shape, value: value) }

/// Runs the reference kernel (validation included) and returns o and lse widened.
func runReference(_ args: AttentionArguments) throws -> (o: Tensor<Double>, lse: Tensor<Double>) {
    let out = try ReferenceAttention()(args)
    guard let lse = out.lse else { throw AttestError.kernelFailed(kernel: "reference", reason: "wrote no lse") }
    return (out.o.widened(), lse.widened())
}

/// A problem that makes visibility readable: q and k are all zeros (D = 1), so
/// every visible key has score 0 and equal weight; v is one-hot, key j
/// carrying 1 in column j (Dv = Skv). Then o[b,i,h,j] is exactly 1/n for the
/// n visible keys and exactly 0 for the hidden ones, and lse = log n.
func visibilityProblem(batch: Int = 1, queries: Int, keys: Int, queryHeads: Int = 1, keyValueHeads: Int = 1,
                       mask: AttentionMask) -> AttentionArguments {
    AttentionArguments(
        q: filled([batch, queries, queryHeads, 1], 0),
        k: filled([batch, keys, keyValueHeads, 1], 0),
        v: tensor([batch, keys, keyValueHeads, keys]) { $0[1] == $0[3] ? 1 : 0 },
        mask: mask)
}

/// Runs a `visibilityProblem` and checks each query row against `expected`:
/// `expected(b, h)` gives one string per query, one character per key, `1`
/// visible and `.` hidden. A row of dots must give o = 0 exactly and
/// lse = -infinity.
func expectVisibility(_ args: AttentionArguments, _ what: String, expected: (_ b: Int, _ h: Int) -> [String],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
    let d = args.dims
    let (o, lse) = try runReference(args)
    for b in 0 ..< d.batch {
        for h in 0 ..< d.queryHeads {
            let rows = expected(b, h)
            try #require(rows.count == d.queryLength && rows.allSatisfy { $0.count == d.keyLength },
                         "\(what): expected pattern must be Sq x Skv", sourceLocation: sourceLocation)
            for (i, row) in rows.enumerated() {
                let visible = row.map { $0 == "1" }
                let n = visible.filter { $0 }.count
                let got = (0 ..< d.keyLength).map { o[b, i, h, $0] }
                let want = visible.map { $0 ? 1 / Double(n) : 0 }
                let seen = String(got.map { $0 == 0 ? "." : "1" })
                #expect(got == want, "\(what): b=\(b) h=\(h) i=\(i) sees \(seen), expected \(row)",
                        sourceLocation: sourceLocation)
                let wantLSE = n == 0 ? -Double.infinity : log(Double(n))
                #expect(lse[b, h, i] == wantLSE, "\(what): lse at b=\(b) h=\(h) i=\(i)", sourceLocation: sourceLocation)
            }
        }
    }
}
