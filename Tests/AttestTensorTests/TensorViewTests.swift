import AttestTensor
import Testing

/// permute/transpose, narrow, slice, select, unbind, unsqueeze and expand: each
/// is a view (same storage, no copy) with PyTorch's shape, strides and offset.
/// Expected geometry is what `torch.arange(24.).view(2, 3, 4)` gives for the
/// same call; the element values are flat positions 12·i + 4·j + k.
@Suite("Tensor views")
struct TensorViewTests {
    @Test("a new tensor is row-major; sizes 0 and 1 get the stride they would have if larger")
    func contiguousStrides() {
        expectGeometry(arange(2, 3, 4), "arange(2,3,4)", shape: [2, 3, 4], strides: [12, 4, 1], offset: 0)
        #expect(Tensor<Double>.contiguousStrides(for: [2, 0, 3]) == [3, 3, 1])
        #expect(Tensor<Double>.contiguousStrides(for: [4, 1, 5]) == [5, 5, 1])
        #expect(Tensor<Double>.contiguousStrides(for: []) == [])
    }

    @Test("permute reorders shape and strides; negative axes count from the end")
    func permute() {
        let t = arange(2, 3, 4)
        let p = t.permute(2, 0, 1)
        expectGeometry(p, "permute(2,0,1)", shape: [4, 2, 3], strides: [1, 12, 4], offset: 0)
        #expect(p[3, 1, 2] == t[1, 2, 3]) // p[k,i,j] = t[i,j,k] = 12 + 8 + 3
        #expect(p[3, 1, 2] == 23)
        #expect(p.sharesStorage(with: t))
        expectGeometry(t.permute(-1, -3, -2), "permute(-1,-3,-2)", shape: [4, 2, 3], strides: [1, 12, 4])
    }

    @Test("transpose swaps two axes")
    func transpose() {
        let t = arange(2, 3, 4)
        expectGeometry(t.transpose(0, 2), "transpose(0,2)", shape: [4, 3, 2], strides: [1, 4, 12], offset: 0)
        let last2 = t.transpose(-1, -2)
        expectGeometry(last2, "transpose(-1,-2)", shape: [2, 4, 3], strides: [12, 1, 4])
        #expect(last2[1, 3, 2] == 12 + 8 + 3)
        #expect(last2.sharesStorage(with: t))
    }

    @Test("narrow keeps the strides and moves the offset")
    func narrow() {
        let t = arange(2, 3, 4)
        let n = t.narrow(axis: 1, start: 1, length: 2)
        // t[:, 1:3, :]: offset 1·4, elements 4…11 and 16…23.
        expectGeometry(n, "narrow(1, 1, 2)", shape: [2, 2, 4], strides: [12, 4, 1], offset: 4,
                       scalars: [4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23])
        #expect(n.sharesStorage(with: t))
        let last = t.narrow(axis: -1, start: 3, length: 1)
        expectGeometry(last, "narrow(-1, 3, 1)", shape: [2, 3, 1], strides: [12, 4, 1], offset: 3,
                       scalars: [3, 7, 11, 15, 19, 23])
        let empty = t.narrow(axis: 2, start: 4, length: 0)
        #expect(empty.shape == [2, 3, 0] && empty.count == 0 && empty.scalars.isEmpty)
    }

    @Test("slice takes every step-th element (Python t[a:b:step])")
    func slice() {
        let t = arange(10)
        expectGeometry(t.slice(axis: 0, 1 ..< 8, step: 3), "t[1:8:3]", shape: [3], strides: [3], offset: 1, scalars: [1, 4, 7])
        expectGeometry(t.slice(axis: 0, 1 ..< 7, step: 3), "t[1:7:3]", shape: [2], strides: [3], offset: 1, scalars: [1, 4])
        expectGeometry(t.slice(axis: 0, 2 ..< 5), "t[2:5]", shape: [3], strides: [1], offset: 2, scalars: [2, 3, 4])
        #expect(t.slice(axis: 0, 5 ..< 5).shape == [0])
        let base = arange(3, 4)
        let m = base.slice(axis: 1, 0 ..< 4, step: 2) // columns 0 and 2
        expectGeometry(m, "m[:, ::2]", shape: [3, 2], strides: [4, 2], offset: 0, scalars: [0, 2, 4, 6, 8, 10])
        #expect(m.sharesStorage(with: base))
    }

    @Test("select removes an axis; negative axis and index count from the end")
    func select() {
        let t = arange(2, 3, 4)
        expectGeometry(t.select(axis: 1, index: 2), "select(1, 2)", shape: [2, 4], strides: [12, 1], offset: 8,
                       scalars: [8, 9, 10, 11, 20, 21, 22, 23])
        expectGeometry(t.select(axis: -1, index: -1), "select(-1, -1)", shape: [2, 3], strides: [12, 4], offset: 3,
                       scalars: [3, 7, 11, 15, 19, 23])
        #expect(t.select(axis: 0, index: 1).sharesStorage(with: t))
        let scalar = arange(3).select(axis: 0, index: 2)
        #expect(scalar.rank == 0 && scalar.scalars == [2])
    }

    @Test("unbind gives every select along the axis, in order, all views")
    func unbind() {
        let t = arange(2, 3, 4)
        let parts = t.unbind(axis: 0)
        #expect(parts.count == 2)
        for (b, part) in parts.enumerated() {
            expectGeometry(part, "unbind(0)[\(b)]", shape: [3, 4], strides: [4, 1], offset: 12 * b,
                           scalars: (0 ..< 12).map { Double(12 * b + $0) })
            #expect(part.sharesStorage(with: t))
        }
        let columns = t.unbind(axis: -1)
        #expect(columns.map(\.offset) == [0, 1, 2, 3])
        #expect(columns[2].scalars == [2, 6, 10, 14, 18, 22])
    }

    @Test("unsqueeze inserts a size-1 axis with PyTorch's stride (size·stride of the axis it precedes, 1 at the end)")
    func unsqueeze() {
        let t = arange(2, 3, 4)
        expectGeometry(t.unsqueeze(axis: 0), "unsqueeze(0)", shape: [1, 2, 3, 4], strides: [24, 12, 4, 1])
        expectGeometry(t.unsqueeze(axis: 1), "unsqueeze(1)", shape: [2, 1, 3, 4], strides: [12, 12, 4, 1])
        expectGeometry(t.unsqueeze(axis: -1), "unsqueeze(-1)", shape: [2, 3, 4, 1], strides: [12, 4, 1, 1])
        #expect(t.unsqueeze(axis: 1).sharesStorage(with: t))
    }

    @Test("expand broadcasts size-1 and new leading axes with stride 0")
    func expand() throws {
        let t = arange(3, 1)
        let e = try t.expand(to: [2, 3, 4])
        expectGeometry(e, "[3,1] expand [2,3,4]", shape: [2, 3, 4], strides: [0, 1, 0], offset: 0)
        #expect(e[1, 2, 3] == 2) // e[b, i, k] = t[i, 0] = i
        #expect(e.sharesStorage(with: t))
        t[2, 0] = 100 // every broadcast copy sees the write: they are one element
        #expect(e[0, 2, 1] == 100 && e[1, 2, 3] == 100)
        #expect(!e.isContiguous)
        #expect(try arange(3).expand(to: [3]).strides == [1])
        #expect(try arange(1).expand(to: [0]).shape == [0]) // PyTorch allows a size-1 axis to expand to 0
    }

    @Test("expand refuses a size that is neither equal nor 1, fewer axes, and negative sizes")
    func expandErrors() {
        #expect(throws: TensorError.notBroadcastable(shape: [3], to: [4])) { try arange(3).expand(to: [4]) }
        #expect(throws: TensorError.notBroadcastable(shape: [2, 3], to: [3])) { try arange(2, 3).expand(to: [3]) }
        #expect(throws: TensorError.notBroadcastable(shape: [1], to: [-2])) { try arange(1).expand(to: [-2]) }
        #expect(throws: TensorError.notBroadcastable(shape: [1], to: [-1, 1])) { try arange(1).expand(to: [-1, 1]) }
        let message = TensorError.notBroadcastable(shape: [3], to: [4]).description
        #expect(message.contains("[3]") && message.contains("[4]"))
    }

    @Test("a write through any view is visible through every other view of the storage")
    func writesAreShared() {
        let t = arange(2, 3, 4)
        let v = t.transpose(0, 1).narrow(axis: 2, start: 1, length: 3)
        v[2, 1, 2] = -1 // = t[1, 2, 3]
        #expect(t[1, 2, 3] == -1)
        #expect(t.select(axis: 0, index: 1).select(axis: 0, index: 2)[3] == -1)
    }
}
