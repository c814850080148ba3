import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Testing

/// The reference accepts all four element types: o keeps the input type and
/// is the float64 result rounded once; lse is float64.
@Suite("Reference: element types")
struct ElementTypeTests {
    @Test("every element type is accepted; o keeps it, exact results stay exact", arguments: DType.allCases)
    func elementTypes(_ dtype: DType) throws {
        // GQA constant values (see GroupedQueryTests): o = 1, 1, 2, 2 exactly in any type.
        let base = GroupedQueryTests.constantValues(queryHeads: 4, keyValueHeads: 2)
        let args = AttentionArguments(q: base.q.converted(to: dtype), k: base.k.converted(to: dtype), v: base.v.converted(to: dtype))
        let out = try ReferenceAttention()(args)
        #expect(out.o.dtype == dtype && out.lse?.dtype == .float64)
        #expect((0 ..< 4).map { out.o.double(at: [0, 1, $0, 2]) } == [1, 1, 2, 2])
    }

    @Test("o is the float64 result rounded once to the element type", arguments: DType.allCases)
    func roundedOnce(_ dtype: DType) throws {
        // Scores (1, 0), v = (1, 0): o = e/(1+e) = 0.7310585786300049 in float64.
        func args(_ t: DType) -> AttentionArguments {
            AttentionArguments(q: .filled(t, shape: [1, 1, 1, 1], value: 1),
                               k: .converting(Tensor<Double>(shape: [1, 2, 1, 1], elements: [1, 0]), to: t),
                               v: .converting(Tensor<Double>(shape: [1, 2, 1, 1], elements: [1, 0]), to: t), scale: 1)
        }
        let exact = try ReferenceAttention()(args(.float64)).o.double(at: [0, 0, 0, 0])
        let got = try ReferenceAttention()(args(dtype)).o.double(at: [0, 0, 0, 0])
        let once: Double = switch dtype {
        case .float64: exact
        case .float32: Double(Float(exact))
        case .float16: Double(Float16(exact))
        case .bfloat16: BFloat16(rounding: exact).doubleValue
        }
        #expect(got == once, "\(dtype): \(got) vs \(once)")
        expectClose(exact, 0.7310585786300049, "float64 e/(1+e)")
    }
}
