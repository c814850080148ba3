import AttestCore
import AttestFixtures
import AttestTensor
import Foundation
import Testing

/// `FixtureWriter` writes the same schema the reader reads: every case of the
/// h5py-written `schema_v1.h5` survives a Swift write and read bit for bit,
/// the written file verifies (hashes, manifest), and writing is deterministic.
@Suite struct FixtureWriterTests {
    /// Copies every case of `source` into a new file written by Swift.
    func rewrite(_ source: FixtureFile, to path: String) throws {
        let writer = try FixtureWriter(path: path, family: source.family)
        for fixture in try source.cases() {
            let loaded = try source.load(fixture)
            try writer.append(fixture, arguments: loaded.arguments, expectedOutput: loaded.expectedOutput,
                              expectedLogSumExp: loaded.expectedLogSumExp, module: loaded.module)
        }
        try writer.finish()
    }

    func bits(_ t: AnyTensor) -> [UInt64] {
        switch t {
        case let .float64(x): x.scalars.map(\.bitPattern)
        case let .float32(x): x.scalars.map { UInt64($0.bitPattern) }
        case let .float16(x): x.scalars.map { UInt64($0.bitPattern) }
        case let .bfloat16(x): x.scalars.map { UInt64($0.bitPattern) }
        }
    }

    func expectSame(_ a: AnyTensor?, _ b: AnyTensor?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a?.dtype == b?.dtype && a?.shape == b?.shape, "\(what): type or shape", sourceLocation: sourceLocation)
        #expect(a.map(bits) == b.map(bits), "\(what): bits differ", sourceLocation: sourceLocation)
    }

    @Test func swiftWrittenFileRoundTripsEveryCase() throws {
        let source = try FixtureFile(path: TestData.path("schema_v1.h5"))
        let path = try TestData.temporaryPath("rewritten.h5")
        try rewrite(source, to: path)
        let copy = try FixtureFile(path: path)
        #expect(try copy.verify() == source.verify())
        for (original, written) in zip(try source.cases(), try copy.cases()) {
            #expect(original == written, "case \(original.group)")
            let a = try source.load(original), b = try copy.load(written)
            let name = original.group
            expectSame(a.arguments.q, b.arguments.q, "\(name) q")
            expectSame(a.arguments.k, b.arguments.k, "\(name) k")
            expectSame(a.arguments.v, b.arguments.v, "\(name) v")
            expectSame(a.arguments.bias, b.arguments.bias, "\(name) bias")
            expectSame(.float64(a.expectedOutput), .float64(b.expectedOutput), "\(name) o")
            expectSame(.float64(a.expectedLogSumExp), .float64(b.expectedLogSumExp), "\(name) lse")
            expectSame(a.module?.x, b.module?.x, "\(name) x")
            expectSame(a.module.map { .float64($0.expectedY) }, b.module.map { .float64($0.expectedY) }, "\(name) y")
            let m = a.arguments.mask, n = b.arguments.mask
            #expect(m.keyLengths == n.keyLengths && m.queryLengths == n.queryLengths && m.packed == n.packed, "\(name) mask")
            #expect(m.boolean?.scalars == n.boolean?.scalars && m.boolean?.shape == n.boolean?.shape, "\(name) boolean mask")
            #expect(a.arguments.alibiSlopes == b.arguments.alibiSlopes && a.arguments.scale == b.arguments.scale
                    && a.arguments.softcap == b.arguments.softcap, "\(name) parameters")
        }
    }

    @Test func writingTheSameCasesTwiceGivesIdenticalBytes() throws {
        let source = try FixtureFile(path: TestData.path("schema_v1.h5"))
        let first = try TestData.temporaryPath("a.h5"), second = try TestData.temporaryPath("a.h5")
        try rewrite(source, to: first)
        Thread.sleep(forTimeInterval: 1.1)  // a stored timestamp would now differ
        try rewrite(source, to: second)
        let a = try Data(contentsOf: URL(fileURLWithPath: first)), b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a.count > 0 && a == b)
    }

    /// Large datasets are chunked with shuffle + gzip and still hash and load correctly.
    @Test func largeDatasetsAreChunkedAndVerify() throws {
        let dims = AttentionDims(batch: 1, queryLength: 2, keyLength: 4200, queryHeads: 1, keyValueHeads: 1,
                                 headDim: 16, valueDim: 16)
        let k = Tensor<Float16>(shape: [1, 4200, 1, 16]) { Float16(Float(($0[1] * 16 + $0[3]) % 97) / 7) }
        let q = Tensor<Float16>(shape: [1, 2, 1, 16], repeating: 1)
        let args = AttentionArguments(q: .float16(q), k: .float16(k), v: .float16(k))
        let fixture = FixtureCase(group: "", id: "fwd:golden:big:dtype=f16", kind: .forward, family: "big", dtype: .float16,
                                  dims: dims, scale: 0.25, scaleIsDefault: true, seed: 0, distribution: "uniform",
                                  description: "a dataset over the chunk threshold")
        let path = try TestData.temporaryPath("big.h5")
        let writer = try FixtureWriter(path: path, family: "big")
        try writer.append(fixture, arguments: args, expectedOutput: Tensor(shape: dims.outputShape, repeating: 0),
                          expectedLogSumExp: Tensor(shape: dims.lseShape, repeating: 0))
        try writer.finish()
        let file = try FixtureFile(path: path)
        #expect(try file.verify().cases == 1)
        let loaded = try file.load(file.cases()[0])
        expectSame(loaded.arguments.k, .float16(k), "k")
    }
}
