import AttestCore
import AttestFixtures
import AttestTensor
import Testing

/// The schema-v1 reader on `schema_v1.h5` (written by h5py with expectations
/// from an independent numpy reference in make_test_data.py).
@Suite struct FixtureFileTests {
    func file() throws -> FixtureFile { try FixtureFile(path: TestData.path("schema_v1.h5")) }

    @Test func verifiesAndListsCases() throws {
        let file = try file()
        #expect(file.family == "swifttest" && file.schemaVersion == 1)
        #expect(try file.verify() == FixtureFile.Verification(cases: 5, datasets: 38))
        #expect(try file.caseGroups() == ["c0000", "c0001", "c0002", "c0003", "c0004"])
    }

    @Test func caseAttributesMapToAttestCore() throws {
        let cases = try file().cases()
        let c0 = cases[0]
        #expect(c0.kind == .forward && c0.dtype == .float32 && c0.causal == .bottomRight && c0.window == nil)
        #expect(c0.dims == AttentionDims(batch: 2, queryLength: 5, keyLength: 7, queryHeads: 4, keyValueHeads: 2,
                                         headDim: 8, valueDim: 6))
        #expect(c0.id == "fwd:golden:swifttest:dtype=f32;B=2;Hq=4;Hkv=2;Sq=5;Skv=7;D=8;Dv=6;mask=causal_br+key_padding;dist=normal;seed=1")
        #expect(c0.scaleIsDefault && c0.softcap == nil && c0.seed == 1 && c0.distribution == "normal")
        #expect(cases[1].scale == -0.3 && !cases[1].scaleIsDefault)
        #expect(cases[2].window == SlidingWindow(left: 2, right: 1) && cases[2].softcap == 1.5)
        #expect(cases[3].causal == .topLeft)
        #expect(cases[4].kind == .module && cases[4].modelDim == 10)
    }

    @Test func loadedArguments() throws {
        let file = try file()
        let cases = try file.cases()
        let a0 = try file.load(cases[0]).arguments
        #expect(a0.dtype == .float32 && a0.scale == nil && a0.mask.keyLengths == [7, 4] && a0.mask.causal == .bottomRight)
        let a1 = try file.load(cases[1]).arguments
        #expect(a1.dtype == .float16 && a1.scale == -0.3 && a1.bias?.shape == [1, 4, 5, 7])
        #expect(a1.mask.boolean?.shape == [2, 1, 5, 7] && a1.alibiSlopes == [0.5, 0.25, 0.125, 0.0625])
        let a2 = try file.load(cases[2]).arguments
        #expect(a2.dtype == .bfloat16 && a2.mask.queryLengths == [5, 2] && a2.softcap == 1.5)
        let a3 = try file.load(cases[3]).arguments
        #expect(a3.mask.packed == PackedSequences(queryOffsets: [0, 3, 7], keyOffsets: [0, 5, 10]))
        let l4 = try file.load(cases[4])
        #expect(l4.arguments.dtype == .float64 && l4.module?.x.dtype == .float32 && l4.module?.expectedY.shape == [2, 4, 10])
    }

    /// Every case (every dtype and mask kind, and the module) reproduces the numpy oracle (`GoldenCheck`).
    @Test func referenceReproducesTheH5pyCases() throws {
        #expect(try GoldenCheck.expectAllCases(in: TestData.path("schema_v1.h5")) == 5)
    }
}
