import AttestTensor
import Testing

/// `AnyTensor` (a tensor of any of the four element types) keeps its element
/// type through views, shares storage like `Tensor`, and rounds once on
/// writes; `DType` names the types.
@Suite("AnyTensor and DType")
struct AnyTensorTests {
    @Test("AnyTensor: dtype survives views, views share storage, writes round once")
    func anyTensor() throws {
        let any = AnyTensor.filled(.bfloat16, shape: [2, 3], value: 0)
        #expect(any.dtype == .bfloat16 && any.isContiguous && any.count == 6)
        let view = any.transpose(0, 1)
        #expect(view.dtype == .bfloat16 && view.shape == [3, 2] && view.sharesStorage(with: any))
        view.set(TensorConversionTests.above, at: [2, 1]) // rounds once to 0x3F81
        #expect(any.double(at: [1, 2]) == 1 + 0x1p-7)
        #expect(!any.copy().sharesStorage(with: any))
        #expect(try any.reshape([6]).sharesStorage(with: any))
        #expect(!(try view.reshape([6])).sharesStorage(with: any))
        #expect(throws: TensorError.viewImpossible(shape: [3, 2], strides: [1, 3], newShape: [6])) { try view.view([6]) }

        let target = AnyTensor.filled(.float16, shape: [1], value: 0)
        target.assign(from: Tensor<Double>(shape: [1], elements: [TensorConversionTests.aboveHalf]))
        #expect(target.double(at: [0]) == 1 + 0x1p-10)
        let fromAny = AnyTensor.filled(.float32, shape: [1], value: 0)
        fromAny.assign(from: AnyTensor(Tensor<Double>(shape: [1], elements: [TensorConversionTests.aboveFloat])))
        #expect(fromAny.double(at: [0]) == 1 + 0x1p-23)
        #expect(AnyTensor.filled(.float16, shape: [1], value: TensorConversionTests.aboveHalf).double(at: [0]) == 1 + 0x1p-10)
    }

    @Test("DType names")
    func dtypeNames() {
        #expect(DType.allCases.map(\.shortName) == ["f64", "f32", "f16", "bf16"])
        #expect(DType.allCases.map(\.byteWidth) == [8, 4, 2, 2])
        #expect(DType(name: "bf16") == .bfloat16 && DType(name: "float16") == .float16 && DType(name: "f8") == nil)
    }
}
