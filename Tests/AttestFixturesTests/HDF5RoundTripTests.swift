import AttestFixtures
import AttestTensor
import Foundation
import Testing

/// Every element type written by the Swift wrapper reads back bit for bit,
/// contiguous and chunked (shuffle + gzip), including every float16 and
/// bfloat16 bit pattern (NaN payloads, subnormals, infinities, signed zeros).
@Suite struct HDF5RoundTripTests {
    /// Every 16-bit pattern, as a [256, 256] dataset.
    static let allBits: [UInt16] = (0 ... UInt16.max).map { $0 }

    static let doubles: [Double] = [0, -0.0, 1, -2.5, .pi, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                    .greatestFiniteMagnitude, .infinity, -.infinity,
                                    Double(bitPattern: 0x7FF8_0000_0000_0001), Double(bitPattern: 0xFFF0_0000_DEAD_BEEF),
                                    Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), 1e-300]
    static let floats: [Float] = [0, -0.0, 1, -2.5, .pi, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                  .greatestFiniteMagnitude, .infinity, -.infinity, Float(bitPattern: 0x7FC0_0001),
                                  Float(bitPattern: 0xFF80_1234), Float(bitPattern: 0x007F_FFFF), 1e-30]

    enum Layout: String, CaseIterable { case contiguous, chunked }

    func hdf5Layout(_ layout: Layout, rank: Int) -> HDF5Layout {
        layout == .contiguous ? .contiguous : .chunked(Array(repeating: 3, count: rank), gzipLevel: 4)
    }

    func roundTrip<E: HDF5Scalar & Equatable>(_ values: [E], shape: [Int], layout: Layout,
                                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try TestData.temporaryPath("\(E.self)-\(layout).h5")
        do {
            let root = try HDF5File.create(path).root()
            try root.createDataset("data", shape: shape, values: values, layout: hdf5Layout(layout, rank: shape.count))
        }
        let dataset = try HDF5File.open(path).root().dataset("data")
        #expect(try dataset.shape() == shape, "\(E.self) \(layout)", sourceLocation: sourceLocation)
        #expect(try dataset.elementType() == E.hdf5ElementType, "\(E.self) \(layout)", sourceLocation: sourceLocation)
        let expectedBytes = values.withUnsafeBytes { Array($0) }
        #expect(try dataset.readRawBytes() == expectedBytes, "\(E.self) \(layout): raw bytes differ", sourceLocation: sourceLocation)
        let back: [E] = try dataset.read()
        let backBytes = back.withUnsafeBytes { Array($0) }
        #expect(backBytes == expectedBytes, "\(E.self) \(layout): typed read differs bitwise", sourceLocation: sourceLocation)
    }

    @Test(arguments: Layout.allCases)
    func float64(_ layout: Layout) throws { try roundTrip(Self.doubles, shape: [2, 7], layout: layout) }

    @Test(arguments: Layout.allCases)
    func float32(_ layout: Layout) throws { try roundTrip(Self.floats, shape: [7, 2], layout: layout) }

    @Test(arguments: Layout.allCases)
    func float16EveryBitPattern(_ layout: Layout) throws {
        try roundTrip(Self.allBits.map { Float16(bitPattern: $0) }, shape: [256, 256], layout: layout)
    }

    @Test(arguments: Layout.allCases)
    func bfloat16EveryBitPattern(_ layout: Layout) throws {
        try roundTrip(Self.allBits.map { BFloat16(bitPattern: $0) }, shape: [256, 256], layout: layout)
    }

    @Test(arguments: Layout.allCases)
    func int64(_ layout: Layout) throws {
        try roundTrip([0, 1, -1, .max, .min, 1 << 40, -12345] as [Int64], shape: [7], layout: layout)
    }

    @Test(arguments: Layout.allCases)
    func uint8(_ layout: Layout) throws {
        try roundTrip((0 ... 255).map { UInt8($0) }, shape: [16, 16], layout: layout)
    }

    @Test func attributesRoundTrip() throws {
        let path = try TestData.temporaryPath("attrs.h5")
        do {
            let root = try HDF5File.create(path).root()
            try root.writeAttribute("i", Int64.min)
            try root.writeAttribute("d", -0.1)
            try root.writeAttribute("s", "attest-fixtures")
            try root.writeAttribute("empty", "")
            try root.writeAttribute("i", Int64(7))  // replaces
        }
        let root = try HDF5File.open(path).root()
        #expect(try root.readIntAttribute("i") == 7)
        #expect(try root.readDoubleAttribute("d").bitPattern == (-0.1).bitPattern)
        #expect(try root.readStringAttribute("s") == "attest-fixtures")
        #expect(try root.readStringAttribute("empty") == "")
        #expect(try !root.hasAttribute("missing"))
    }

    @Test func nonASCIIStringAttributeIsRefused() throws {
        let path = try TestData.temporaryPath("nonascii.h5")
        let root = try HDF5File.create(path).root()
        #expect(throws: HDF5Error.self) { try root.writeAttribute("s", "é") }
    }

    @Test func readingAsTheWrongTypeThrowsNamingTheDataset() throws {
        let path = try TestData.temporaryPath("wrongtype.h5")
        do { try HDF5File.create(path).root().createDataset("x", shape: [2], values: [1.0, 2.0]) }
        let dataset = try HDF5File.open(path).root().dataset("x")
        let error = try #require(throws: HDF5Error.self) { let _: [Float] = try dataset.read() }
        #expect(error.object == "/x" && error.file == path)
        #expect(error.description.contains("float64"))
    }

    /// Writing the same content twice gives identical bytes (no timestamps).
    @Test func writingIsDeterministic() throws {
        func write() throws -> Data {
            let path = try TestData.temporaryPath("det.h5")
            do {
                let root = try HDF5File.create(path).root()
                let g = try root.createGroup("c0000")
                try g.writeAttribute("kind", "fwd")
                try g.createDataset("q", shape: [4, 5], values: (0 ..< 20).map { Float16(Float($0) / 3) },
                                    layout: .chunked([2, 5], gzipLevel: 4))
                try g.createDataset("o", shape: [3], values: [1.0, 2.0, 3.0])
                try root.writeAttribute("schema_version", Int64(1))
            }
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let first = try write()
        try Task.checkCancellation()
        Thread.sleep(forTimeInterval: 1.1)  // a timestamp, if any were stored, would now differ
        #expect(try write() == first)
    }
}
