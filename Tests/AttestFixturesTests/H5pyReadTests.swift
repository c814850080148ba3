import AttestFixtures
import AttestTensor
import Testing

/// Files written by h5py (`tools/fixtures/make_test_data.py`, `h5py_types.h5`)
/// read correctly: the bit patterns listed there, numpy's widening of the
/// 16-bit floats, chunked + gzip datasets, and every attribute form.
@Suite struct H5pyReadTests {
    /// The bit patterns make_test_data.py stores (F16_BITS, BF16_BITS there).
    static let f16Bits: [UInt16] = [0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0xBC00, 0x3555, 0x7BFF, 0xFBFF,
                                    0x7C00, 0xFC00, 0x7E00, 0x7C01, 0xFE37, 0x7FFF]
    static let bf16Bits: [UInt16] = [0x0000, 0x8000, 0x0001, 0x007F, 0x0080, 0x3F80, 0xBF80, 0x3EAB, 0x7F7F, 0xFF7F,
                                     0x7F80, 0xFF80, 0x7FC0, 0x7F81, 0xFFC5, 0x7FFF]

    func root() throws -> HDF5Group { try HDF5File.open(TestData.path("h5py_types.h5")).root() }

    @Test func elementTypesAreRecognised() throws {
        let root = try root()
        let expected: [(String, HDF5ElementType)] = [("f64", .float64), ("f32", .float32), ("f16", .float16),
                                                     ("bf16", .bfloat16), ("i64", .int64), ("u8", .uint8)]
        for (name, type) in expected {
            #expect(try root.dataset(name).elementType() == type, "dataset \(name)")
        }
    }

    @Test func float16BitsAndWidening() throws {
        let root = try root()
        let values: [Float16] = try root.dataset("f16").read()
        #expect(values.map(\.bitPattern) == Self.f16Bits)
        #expect(try root.dataset("f16").shape() == [4, 4])
        let numpy: [Double] = try root.dataset("f16_as_f64").read()
        expectSameValues(values.map(\.doubleValue), numpy, "float16 widening")
    }

    @Test func bfloat16BitsAndWidening() throws {
        let root = try root()
        let values: [BFloat16] = try root.dataset("bf16").read()
        #expect(values.map(\.bitPattern) == Self.bf16Bits)
        let numpy: [Double] = try root.dataset("bf16_as_f64").read()
        expectSameValues(values.map(\.doubleValue), numpy, "bfloat16 widening")
    }

    @Test func floatAndIntegerValues() throws {
        let root = try root()
        let f64: [Double] = try root.dataset("f64").read()
        #expect(Array(f64.prefix(5)) == [0, -0.0, 1, -2.5, .pi])
        #expect(f64[5] == .leastNonzeroMagnitude && f64[8] == .infinity && f64[10].isNaN)
        let f32: [Float] = try root.dataset("f32").read()
        #expect(f32[4] == Float(Double.pi) && f32[5] == .leastNonzeroMagnitude && f32[7] == .greatestFiniteMagnitude)
        #expect(try root.dataset("i64").read() == [0, 1, -1, 1 << 62, .min, .max] as [Int64])
        #expect(try root.dataset("u8").read() == [0, 1, 127, 128, 255, 7] as [UInt8])
    }

    /// `arange(600) * 0.125 - 7` in [4, 50, 3], chunks (2, 16, 3) with shuffle + gzip.
    @Test func chunkedDatasets() throws {
        let root = try root()
        let expected = (0 ..< 600).map { Double($0) * 0.125 - 7 }
        #expect(try root.dataset("chunked_f64").read() == expected)
        #expect(try root.dataset("chunked_f64").shape() == [4, 50, 3])
        let f16: [Float16] = try root.dataset("chunked_f16").read()
        #expect(f16 == expected.map { Float16(rounding: $0) })
        let bf16: [BFloat16] = try root.dataset("chunked_bf16").read()
        #expect(bf16.map(\.bitPattern) == (0 ..< 600).map { UInt16($0) + 0x3F00 })
    }

    @Test func attributes() throws {
        let root = try root()
        #expect(try root.readStringAttribute("vlen_str") == "variable length é")
        #expect(try root.readStringAttribute("fixed_str") == "fixed length")
        #expect(try root.readIntAttribute("int") == -42)
        #expect(try root.readIntAttribute("int32") == 7)
        #expect(try root.readDoubleAttribute("float") == 0.1)
        #expect(try root.readDoubleAttribute("float32") == 0.5)
        #expect(throws: HDF5Error.self) { try root.readIntAttribute("float") }
    }

    func expectSameValues(_ a: [Double], _ b: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "\(what): counts", sourceLocation: sourceLocation)
        for (i, (x, y)) in zip(a, b).enumerated() where !(x.isNaN && y.isNaN) && x.bitPattern != y.bitPattern {
            Issue.record("\(what): element \(i) is \(x), numpy gives \(y)", sourceLocation: sourceLocation)
        }
    }
}
