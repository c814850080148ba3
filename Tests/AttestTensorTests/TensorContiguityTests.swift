import AttestTensor
import Testing

/// `isContiguous` (row-major without gaps, size-1 axes may have any stride,
/// any zero-element tensor counts as contiguous: PyTorch's
/// `_compute_contiguous`), `contiguous()` (self when contiguous, a copy
/// otherwise) and `copy()` (always a copy).
@Suite("Tensor contiguity and copies")
struct TensorContiguityTests {
    @Test("row-major tensors and row ranges are contiguous; transposes, column ranges, steps and broadcasts are not")
    func contiguity() throws {
        let t = arange(2, 3, 4)
        #expect(t.isContiguous)
        #expect(t.narrow(axis: 0, start: 1, length: 1).isContiguous)
        #expect(t.select(axis: 0, index: 1).isContiguous)
        #expect(!t.transpose(1, 2).isContiguous)
        #expect(!t.narrow(axis: 2, start: 0, length: 2).isContiguous)
        #expect(!arange(6).slice(axis: 0, 0 ..< 6, step: 2).isContiguous)
        #expect(!(try arange(3, 1).expand(to: [3, 2])).isContiguous)
    }

    @Test("size-1 axes may have any stride")
    func sizeOneAxes() throws {
        let storage = TensorStorage((0 ..< 6).map(Double.init))
        let odd = Tensor(storage: storage, shape: [2, 1, 3], strides: [3, 7, 1])
        #expect(odd.isContiguous)
        expectGeometry(try odd.view([6]), "[2,1,3] strides [3,7,1] view(6)", shape: [6], strides: [1],
                       scalars: [0, 1, 2, 3, 4, 5])
        #expect(try arange(1, 3).expand(to: [1, 3]).isContiguous)
        // Column 2 of a [3,4]: [3,1] strides [4,1]; transposed [1,3] strides [1,4] has gaps.
        #expect(!arange(3, 4).narrow(axis: 1, start: 2, length: 1).transpose(0, 1).isContiguous)
        // Row 2 of a [3,4]: [1,4] strides [4,1]; transposed [4,1] strides [1,4] is row-major.
        #expect(arange(3, 4).narrow(axis: 0, start: 2, length: 1).transpose(0, 1).isContiguous)
    }

    @Test("a tensor with no elements is contiguous whatever its strides (PyTorch: numel == 0)")
    func emptyIsContiguous() {
        // torch.arange(6.).view(2,3).t()[0:0]: shape [0,2], strides [1,3]; is_contiguous() is True.
        let empty = arange(2, 3).transpose(0, 1).narrow(axis: 0, start: 0, length: 0)
        #expect(empty.shape == [0, 2] && empty.strides == [1, 3])
        #expect(empty.isContiguous)
        #expect(empty.scalars.isEmpty)
        #expect(empty.contiguous().shape == [0, 2])
        // An empty view may sit at any offset (nothing is read): its elements and copies are empty.
        let past = Tensor(storage: TensorStorage([1.0, 2.0]), shape: [0, 3], strides: [3, 1], offset: 5)
        #expect(past.scalars.isEmpty && past.copy().count == 0 && past.converted(to: Float.self).shape == [0, 3])
    }

    @Test("contiguous() returns the same storage when already contiguous, a row-major copy otherwise")
    func contiguousCopiesOnlyWhenNeeded() {
        let t = arange(2, 3, 4)
        #expect(t.contiguous().sharesStorage(with: t))
        let transposed = t.transpose(0, 2)
        let c = transposed.contiguous()
        #expect(!c.sharesStorage(with: t))
        expectGeometry(c, "transpose(0,2).contiguous()", shape: [4, 3, 2], strides: [6, 2, 1], offset: 0,
                       scalars: transposed.scalars)
        #expect(c[3, 2, 1] == t[1, 2, 3])
    }

    @Test("copy() never shares storage, even for a contiguous tensor")
    func copyIsIndependent() {
        let t = arange(2, 3)
        let c = t.copy()
        #expect(!c.sharesStorage(with: t))
        #expect(c.scalars == t.scalars)
        c[0, 0] = 99
        #expect(t[0, 0] == 0)
        let narrowed = arange(4, 4).narrow(axis: 0, start: 2, length: 1).copy()
        expectGeometry(narrowed, "narrow copy", shape: [1, 4], strides: [4, 1], offset: 0, scalars: [8, 9, 10, 11])
        #expect(narrowed.storage.count == 4) // only its own elements
    }
}
