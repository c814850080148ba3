import AttestTensor
import Testing
@testable import AttestParallel

/// The fast row copies of the collectives equal the element-wise `copy()` and
/// `assign(from:)` on every kind of view, bit for bit.
@Suite("Row copies equal element-wise copies")
struct RowCopyTests {
    static let base = Tensor<Float>(shape: [2, 5, 6, 3]) { i in Float(((i[0] * 5 + i[1]) * 6 + i[2]) * 3 + i[3]) + 0.25 }

    static let views: [(String, @Sendable () throws -> Tensor<Float>)] = [
        ("contiguous", { base }),
        ("sequence slice", { base.narrow(axis: 1, start: 1, length: 3) }),
        ("head slice", { base.narrow(axis: 2, start: 2, length: 3) }),
        ("permuted, last axis strided", { base.permute([0, 2, 1, 3]).transpose(2, 3) }),
        ("single-element rows", { base.narrow(axis: 3, start: 1, length: 1) }),
        ("broadcast", { try base.narrow(axis: 2, start: 0, length: 1).expand(to: [2, 5, 4, 3]) }),
        ("empty", { base.narrow(axis: 1, start: 2, length: 0) }),
    ]

    @Test(arguments: views.indices)
    func rowCopyEqualsCopy(_ n: Int) throws {
        let (name, make) = Self.views[n]
        let view = try make()
        let fast = view.rowCopy(), slow = view.copy()
        #expect(fast.shape == slow.shape && fast.scalars == slow.scalars, "\(name)")
        #expect(!fast.sharesStorage(with: view) || view.count == 0, "\(name): the copy shares storage")
        let any = AnyTensor.float32(view).rowCopy()
        #expect(any.widened().scalars == slow.scalars.map(Double.init), "\(name) through AnyTensor")
    }

    @Test(arguments: views.indices.filter { !["broadcast"].contains(views[$0].0) })
    func assignRowsEqualsAssign(_ n: Int) throws {
        let (name, make) = Self.views[n]
        let source = try make().copy()
        let fastTarget = Tensor<Float>(shape: [2, 5, 6, 3], repeating: .nan), slowTarget = Tensor<Float>(shape: [2, 5, 6, 3], repeating: .nan)
        // Write through the same kind of view of a fresh buffer.
        func view(_ t: Tensor<Float>) throws -> Tensor<Float> {
            switch name {
            case "sequence slice": t.narrow(axis: 1, start: 1, length: 3)
            case "head slice": t.narrow(axis: 2, start: 2, length: 3)
            case "permuted, last axis strided": t.permute([0, 2, 1, 3]).transpose(2, 3)
            case "single-element rows": t.narrow(axis: 3, start: 1, length: 1)
            case "empty": t.narrow(axis: 1, start: 2, length: 0)
            default: t
            }
        }
        try view(fastTarget).assignRows(from: source)
        try view(slowTarget).assign(from: source)
        #expect(fastTarget.scalars.map(\.bitPattern) == slowTarget.scalars.map(\.bitPattern), "\(name)")
    }
}
