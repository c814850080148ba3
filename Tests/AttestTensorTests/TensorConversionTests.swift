import AttestTensor
import Testing

/// Element-type conversion: widening is exact, narrowing rounds exactly once
/// (through Double, never through an intermediate narrower type), and
/// conversions always produce a contiguous copy. `AnyTensor` keeps the
/// element type through views and rounds once on writes.
@Suite("Tensor element-type conversion")
struct TensorConversionTests {
    /// Values whose correct rounding differs from rounding twice (see the
    /// rounding tests): one per target type.
    static let above = 1 + 0x1p-8 + 0x1p-30 // bf16: 0x3F81 (via Float: 0x3F80)
    static let aboveHalf = 1 + 0x1p-11 + 0x1p-40 // f16: 0x3C01 (via Float: 0x3C00)
    static let aboveFloat = 1 + 0x1p-24 + 0x1p-40 // f32: 1 + 2^-23

    @Test("Double tensors convert to every narrower type with one rounding")
    func narrowingRoundsOnce() {
        let t = Tensor<Double>(shape: [3], elements: [Self.above, Self.aboveHalf, Self.aboveFloat])
        #expect(t.converted(to: BFloat16.self)[0].bitPattern == 0x3F81)
        #expect(t.converted(to: Float16.self)[1].bitPattern == 0x3C01)
        #expect(t.converted(to: Float.self)[2] == 1 + 0x1p-23)
        let any = AnyTensor(t)
        #expect(any.converted(to: .bfloat16).double(at: [0]) == 1 + 0x1p-7)
        #expect(any.converted(to: .float16).double(at: [1]) == 1 + 0x1p-10)
        #expect(AnyTensor.converting(t, to: .float32).double(at: [2]) == 1 + 0x1p-23)
    }

    @Test("Float16 -> BFloat16 rounds the exact value once")
    func float16ToBFloat16() {
        // 1 + 2^-8 + 2^-10 is exact in binary16, above the bfloat16 tie 1 + 2^-8 -> 0x3F81;
        // 1 + 2^-8 is exactly the tie -> even 0x3F80.
        let t = Tensor<Float16>(shape: [2], elements: [Float16(1 + 0x1p-8 + 0x1p-10), Float16(1 + 0x1p-8)])
        #expect(t.converted(to: BFloat16.self).scalars.map(\.bitPattern) == [0x3F81, 0x3F80])
    }

    @Test("widening is exact for every element type")
    func wideningIsExact() {
        let bf = Tensor<BFloat16>(shape: [2], elements: [BFloat16(bitPattern: 0x0001), BFloat16(bitPattern: 0xC049)])
        #expect(bf.widened().scalars == [0x1p-133, -3.140625])
        let h = Tensor<Float16>(shape: [2], elements: [Float16(bitPattern: 0x0001), Float16(bitPattern: 0x7BFF)])
        #expect(h.widened().scalars == [0x1p-24, 65504])
        let f = Tensor<Float>(shape: [1], elements: [Float(bitPattern: 0x3F80_0001)])
        #expect(f.widened()[0] == 1 + 0x1p-23)
        #expect(Tensor<Double>(shape: [1], elements: [.pi]).converted(to: Double.self)[0] == .pi)
    }

    @Test("overflow gives infinity and NaN stays NaN in every narrower type")
    func specialValues() {
        let t = Tensor<Double>(shape: [3], elements: [1e40, -70_000, .nan])
        let f = t.converted(to: Float.self), h = t.converted(to: Float16.self), b = t.converted(to: BFloat16.self)
        #expect(f[0] == .infinity && f[1] == -70_000 && f[2].isNaN)
        #expect(h[0] == .infinity && h[1] == -.infinity && h[2].isNaN)
        #expect(b[0].floatValue == .infinity && b[1].floatValue == -70_144 && b[2].isNaN) // 70000 -> 0x4789 = 70144
    }

    @Test("conversion of a strided view is a contiguous copy in logical order")
    func conversionCopies() {
        let t = arange(2, 3).transpose(0, 1)
        let c = t.converted(to: Float.self)
        #expect(c.isContiguous && c.shape == [3, 2] && c.strides == [2, 1])
        #expect(c.scalars == [0, 3, 1, 4, 2, 5])
        let same = t.converted(to: Double.self)
        #expect(!same.sharesStorage(with: t))
    }
}
