import AttestTensor
import Testing

/// `view` and `reshape` with PyTorch's rules (aten `computeStride`): a view
/// exists exactly when every new axis lies inside one chunk of old axes that
/// are contiguous with each other; `reshape` is that view when it exists and a
/// contiguous copy otherwise. Expected strides are derived by hand below from
/// that rule (and agree with PyTorch on the same calls).
@Suite("Tensor view and reshape")
struct TensorReshapeTests {
    @Test("view of a contiguous tensor shares storage with row-major strides")
    func viewContiguous() throws {
        let t = arange(2, 3, 4)
        let v = try t.view([6, 4])
        expectGeometry(v, "view(6,4)", shape: [6, 4], strides: [4, 1], offset: 0, scalars: t.scalars)
        #expect(v.sharesStorage(with: t))
        expectGeometry(try t.view(2, 3, 2, 2), "view(2,3,2,2)", shape: [2, 3, 2, 2], strides: [12, 4, 2, 1])
        expectGeometry(try t.view([24]), "view(24)", shape: [24], strides: [1])
        v[5, 3] = -7 // the last element, seen through the original
        #expect(t[1, 2, 3] == -7)
    }

    @Test("transpose then view to flatten is refused, exactly like PyTorch's .view()")
    func viewRefusesTransposedFlatten() {
        // [3,2,4] strides [4,12,1]: axes 0 and 1 are not contiguous with each
        // other (4 != 2·12... from the back: stride 12 != 4·1), so no single
        // axis can span them.
        let t = arange(2, 3, 4).transpose(0, 1)
        #expect(throws: TensorError.viewImpossible(shape: [3, 2, 4], strides: [4, 12, 1], newShape: [24])) {
            try t.view([-1])
        }
        #expect(throws: TensorError.viewImpossible(shape: [3, 2, 4], strides: [4, 12, 1], newShape: [6, 4])) {
            try t.view([6, 4])
        }
        #expect(throws: TensorError.viewImpossible(shape: [3, 2, 4], strides: [4, 12, 1], newShape: [3, 8])) {
            try t.view([3, 8])
        }
        let message = TensorError.viewImpossible(shape: [3, 2, 4], strides: [4, 12, 1], newShape: [24]).description
        #expect(message.contains("view size is not compatible with input tensor's size and stride"))
        #expect(message.contains("reshape"))
    }

    @Test("a transposed tensor still views when each new axis stays inside one chunk")
    func viewSplitsWithinChunks() throws {
        // Chunks of [3,2,4] strides [4,12,1], from the back: {axis 2} base 1,
        // {axis 1} base 12, {axis 0} base 4. New [3,2,2,2]: the last 4 splits
        // into 2·2 with strides 2,1; then 12; then 4.
        let t = arange(2, 3, 4).transpose(0, 1)
        let v = try t.view([3, 2, 2, 2])
        expectGeometry(v, "transpose(0,1).view(3,2,2,2)", shape: [3, 2, 2, 2], strides: [4, 12, 2, 1], offset: 0,
                       scalars: t.scalars)
        #expect(v.sharesStorage(with: t))
        // A size-1 axis between chunks is transparent: [3,1,2,4] strides
        // [4,24,12,1] views back as [3,2,4] strides [4,12,1].
        let u = t.unsqueeze(axis: 1)
        expectGeometry(try u.view([3, 2, 4]), "unsqueeze(1).view(3,2,4)", shape: [3, 2, 4], strides: [4, 12, 1])
    }

    @Test("narrowed columns cannot flatten by view; narrowed rows can")
    func viewOfNarrowed() throws {
        let t = arange(3, 4)
        let columns = t.narrow(axis: 1, start: 1, length: 2) // [3,2] strides [4,1] offset 1
        #expect(throws: TensorError.viewImpossible(shape: [3, 2], strides: [4, 1], newShape: [6])) { try columns.view([6]) }
        expectGeometry(try columns.view([3, 2, 1]), "columns.view(3,2,1)", shape: [3, 2, 1], strides: [4, 1, 1], offset: 1)
        let rows = t.narrow(axis: 0, start: 1, length: 2) // [2,4] strides [4,1] offset 4: contiguous
        let flat = try rows.view([8])
        expectGeometry(flat, "rows.view(8)", shape: [8], strides: [1], offset: 4, scalars: [4, 5, 6, 7, 8, 9, 10, 11])
        #expect(flat.sharesStorage(with: t))
    }

    @Test("reshape views when view can, so it shares storage")
    func reshapeViews() throws {
        let t = arange(2, 3, 4)
        let r = try t.reshape([4, 6])
        #expect(r.sharesStorage(with: t))
        expectGeometry(r, "reshape(4,6)", shape: [4, 6], strides: [6, 1], offset: 0)
        let s = try t.transpose(0, 1).reshape([3, 2, 2, 2])
        #expect(s.sharesStorage(with: t))
        #expect(s.strides == [4, 12, 2, 1])
    }

    @Test("reshape copies where view refuses: transposed flatten, narrowed columns, broadcast")
    func reshapeCopies() throws {
        let t = arange(2, 3, 4)
        let flat = try t.transpose(0, 1).reshape([-1])
        #expect(!flat.sharesStorage(with: t))
        // Logical order of the transpose: t[0,0,:], t[1,0,:], t[0,1,:], …
        expectGeometry(flat, "transpose(0,1).reshape(-1)", shape: [24], strides: [1], offset: 0,
                       scalars: [0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23])
        flat[0] = -1
        #expect(t[0, 0, 0] == 0) // the copy is independent

        let columns = try arange(3, 4).narrow(axis: 1, start: 1, length: 2).reshape([6])
        expectGeometry(columns, "columns.reshape(6)", shape: [6], strides: [1], offset: 0, scalars: [1, 2, 5, 6, 9, 10])

        let base = arange(3, 1)
        let broadcast = try base.expand(to: [2, 3, 4])
        #expect(throws: TensorError.viewImpossible(shape: [2, 3, 4], strides: [0, 1, 0], newShape: [24])) {
            try broadcast.view([24])
        }
        let materialised = try broadcast.reshape([24])
        #expect(!materialised.sharesStorage(with: base))
        #expect(materialised.scalars == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        // Splitting a broadcast axis is still a view: the chunk base stride is 0.
        expectGeometry(try broadcast.view([2, 3, 2, 2]), "broadcast.view(2,3,2,2)", shape: [2, 3, 2, 2], strides: [0, 1, 0, 0])
    }

    @Test("-1 takes the size that makes the element counts agree")
    func inference() throws {
        let t = arange(2, 3, 4)
        #expect(try t.view([-1, 4]).shape == [6, 4])
        #expect(try t.view([2, -1]).shape == [2, 12])
        #expect(try t.reshape([2, -1, 3]).shape == [2, 4, 3])
        #expect(try t.transpose(0, 2).reshape([-1, 2]).shape == [12, 2])
        let empty = Tensor<Double>(shape: [0, 3], elements: [])
        #expect(try empty.view([-1, 3]).shape == [0, 3])
        // Zero elements: PyTorch's strides for the new shape are row-major with sizes clamped to 1.
        expectGeometry(try empty.view([3, 0]), "empty.view(3,0)", shape: [3, 0], strides: [1, 1])
        let scalar = Tensor<Double>(shape: [], elements: [5])
        expectGeometry(try scalar.view([1, 1]), "scalar.view(1,1)", shape: [1, 1], strides: [1, 1], scalars: [5])
        #expect(try arange(1).view([]).rank == 0)
    }

    @Test("bad shapes throw: two -1, other negatives, wrong count, ambiguous -1")
    func shapeErrors() {
        let t = arange(2, 3, 4)
        #expect(throws: TensorError.invalidShape([-1, -1], reason: "only one size may be -1")) { try t.view([-1, -1]) }
        #expect(throws: TensorError.invalidShape([-2, 12], reason: "negative size")) { try t.reshape([-2, 12]) }
        #expect(throws: TensorError.elementCountMismatch(shape: [2, 3, 4], newShape: [5, -1])) { try t.view([5, -1]) }
        #expect(throws: TensorError.elementCountMismatch(shape: [2, 3, 4], newShape: [7])) { try t.reshape([7]) }
        #expect(throws: TensorError.elementCountMismatch(shape: [2, 3, 4], newShape: [0, -1])) { try t.view([0, -1]) }
        // Zero elements with -1 next to a 0: any size fits, so it is refused (as in PyTorch).
        let empty = Tensor<Double>(shape: [0, 3], elements: [])
        #expect(throws: TensorError.elementCountMismatch(shape: [0, 3], newShape: [-1, 0])) { try empty.view([-1, 0]) }
        #expect(TensorError.elementCountMismatch(shape: [2, 3, 4], newShape: [7]).description.contains("24 elements"))
    }
}
