import AttestTensor
import Testing

/// One generated case: a chain of views over `arange(base)`, a target shape,
/// and numpy's answer: the strides of the no-copy reshape, or nil where
/// numpy (like PyTorch's `.view()`) needs a copy.
struct ViewOracleCase: Sendable, CustomTestStringConvertible {
    enum Op: Sendable {
        case transpose(Int, Int)
        case slice(Int, Int, Int, Int) // axis, start, stop, step
        case expand([Int])
        case select(Int, Int) // axis, index
    }

    let base: [Int]
    let ops: [Op]
    let target: [Int]
    let strides: [Int]?
    let values: [Int]

    var testDescription: String { "arange\(base)\(ops.map { ".\($0)" }.joined()) -> \(target)" }

    func source() throws -> Tensor<Double> {
        var t = Tensor<Double>(shape: base, elements: (0 ..< base.reduce(1, *)).map(Double.init))
        for op in ops {
            switch op {
            case let .transpose(a, b): t = t.transpose(a, b)
            case let .slice(axis, start, stop, step): t = t.slice(axis: axis, start ..< stop, step: step)
            case let .expand(shape): t = try t.expand(to: shape)
            case let .select(axis, index): t = t.select(axis: axis, index: index)
            }
        }
        return t
    }
}

/// `view` and `reshape` against an independent oracle: 400 random view chains
/// whose no-copy reshape numpy decided (`tools/view-oracle/generate.py`).
/// numpy and PyTorch agree on when a copy is needed and on the strides of
/// axes of size > 1; the strides of size-1 axes are conventions that differ
/// between them, so they are not compared.
@Suite("Tensor view/reshape against numpy")
struct NumpyViewOracleTests {
    @Test("view succeeds exactly where numpy reshapes without a copy, with the same strides")
    func againstNumpy() throws {
        var failures: [String] = []
        var refusals = 0
        for c in numpyViewOracleCases {
            let t = try c.source()
            #expect(t.scalars == c.values.map(Double.init), "\(c.testDescription): the view chain itself")
            let view = try? t.view(c.target)
            switch (view, c.strides) {
            case let (v?, expected?):
                let differing = c.target.indices.filter { c.target[$0] > 1 && v.strides[$0] != expected[$0] }
                if !differing.isEmpty { failures.append("\(c.testDescription): strides \(v.strides), numpy \(expected)") }
                if !v.sharesStorage(with: t) { failures.append("\(c.testDescription): view does not share storage") }
            case (nil, nil):
                refusals += 1
                #expect(throws: TensorError.self) { try t.view(c.target) }
            case (_?, nil): failures.append("\(c.testDescription): view succeeded where numpy needs a copy")
            case (nil, _?): failures.append("\(c.testDescription): view refused where numpy needs no copy")
            }
            // reshape: same elements in the same order, a view exactly when view works.
            let r = try t.reshape(c.target)
            if r.scalars != c.values.map(Double.init) { failures.append("\(c.testDescription): reshape changed the elements") }
            if r.sharesStorage(with: t) != (c.strides != nil) { failures.append("\(c.testDescription): reshape shared storage wrongly") }
        }
        #expect(failures.isEmpty, "\(failures.count) disagreements, first: \(failures.prefix(5))")
        #expect(refusals >= 50, "the sample must include many cases where view refuses (got \(refusals))")
    }
}
