import AttestConformance
import AttestCore
import AttestKernels
import AttestReference
import AttestTensor
import Foundation
import Testing

/// `GoldenStore`: what one worker keeps, another reads back bit for bit; a
/// file is used only when it is exactly the value its name promises, so a
/// truncated, foreign or edited-header file is computed again, never trusted.
@Suite("GoldenStore: goldens and baselines shared on disk across workers")
struct GoldenStoreTests {
    /// Two goldens in its build (the original and the changed problem) and one baseline.
    static let twoGoldens = "prop:causal_future:default:dtype=f32;B=2;Hq=4;Hkv=4;Sq=24;Skv=24;D=16;Dv=16;mask=causal_tl;dist=normal;seed=0"
    static let generated = "fwd:gen:dense:dtype=f32;B=2;Hq=4;Hkv=2;Sq=9;Skv=13;D=8;Dv=8;mask=none;dist=normal;seed=0"

    /// Runs `id` with the reference kernel through a resolver on `store`; returns the problem the kernel saw and the result.
    private func run(_ id: String, store: GoldenStore?) throws -> (problem: CaseProblem, result: CaseResult) {
        let testCase = CaseResolver(store: store).resolve(id)
        let result = InProcessExecutor().execute(testCase, kernel: ReferenceAttention())
        var problem = try testCase.make()
        problem.baseline = problem.baseline ?? problem.baselineSource?.baseline(problem.args) ?? BaselineAttention.compute(problem.args)
        return (problem, result)
    }

    /// The stored files by the kind their header names (`golden-0`, `golden-1`, `baseline`).
    private func files(_ store: GoldenStore) throws -> [String: URL] {
        var byKind: [String: URL] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: store.directory.path) where name.hasSuffix(".f64") {
            let url = store.directory.appendingPathComponent(name)
            let lines = try Data(contentsOf: url).prefix(400).split(separator: UInt8(ascii: "\n"), maxSplits: 3)
            let kind = String(decoding: lines[1], as: UTF8.self).split(separator: " ")[0]
            byKind[String(kind)] = url
        }
        return byKind
    }

    /// Where the float64 values start: after the three header lines (magic, kind and dims, case id).
    private func valuesOffset(_ data: Data) -> Int {
        var newlines = 0
        for (i, byte) in data.enumerated() where byte == UInt8(ascii: "\n") {
            newlines += 1
            if newlines == 3 { return i + 1 }
        }
        return data.count
    }

    private func bits(_ t: Tensor<Double>) -> [UInt64] { t.scalars.map(\.bitPattern) }

    private func sameBaseline(_ a: BaselineAttention.Result, _ b: BaselineAttention.Result) -> Bool {
        [a.o, a.lse, a.oScoreRounding, a.lseScoreRounding, a.oNormalization, a.oForwardBound, a.lseForwardBound,
         a.oFloorScale, a.lseFloorScale].map(bits) ==
            [b.o, b.lse, b.oScoreRounding, b.lseScoreRounding, b.oNormalization, b.oForwardBound, b.lseForwardBound,
             b.oFloorScale, b.lseFloorScale].map(bits)
    }

    @Test("a second resolver reads the first one's goldens and baseline: same bits, same result")
    func sharesAcrossResolvers() throws {
        let store = try GoldenStore.temporary()
        defer { store.remove() }
        let plain = try run(Self.twoGoldens, store: nil)
        let first = try run(Self.twoGoldens, store: store)
        #expect(try files(store).keys.sorted() == ["baseline", "golden-0", "golden-1"])
        let second = try run(Self.twoGoldens, store: store)
        for shared in [first, second] {
            #expect(bits(shared.problem.golden) == bits(plain.problem.golden))
            #expect(bits(shared.problem.goldenLSE) == bits(plain.problem.goldenLSE))
            #expect(sameBaseline(shared.problem.baseline!, plain.problem.baseline!))
            #expect(shared.result.verdict == plain.result.verdict && shared.result.errors == plain.result.errors)
        }
        #expect(plain.result.verdict == .pass)
    }

    @Test("a generated case asks the kernel's support before its golden: NOT_SUPPORTED computes and stores nothing")
    func supportBeforeGolden() throws {
        let store = try GoldenStore.temporary()
        defer { store.remove() }
        let f16 = "fwd:gen:dense:dtype=f16;B=2;Hq=4;Hkv=4;Sq=32;Skv=48;D=32;Dv=32;mask=none;dist=normal;seed=1"
        let blas = InProcessExecutor().execute(CaseResolver(store: store).resolve(f16), kernel: BLASAttention())
        #expect(blas.verdict == .notSupported, "\(blas.verdict) \(blas.reason ?? "")")
        #expect(try files(store).isEmpty, "a NOT_SUPPORTED case built its golden or baseline")
        let reference = InProcessExecutor().execute(CaseResolver(store: store).resolve(f16), kernel: ReferenceAttention())
        #expect(reference.verdict == .pass)
        #expect(try files(store).keys.sorted() == ["baseline", "golden-0"])
    }

    @Test("an entry above maxEntryBytes is not kept: its baseline is computed by each reader, the result unchanged")
    func largeEntriesAreNotKept() throws {
        // The case's golden (o and lse: 648 float64, 5.3 kB with its header) fits, its baseline (four times that) does not.
        let store = try GoldenStore.temporary(maxEntryBytes: 10_000)
        defer { store.remove() }
        let first = try run(Self.generated, store: store)
        #expect(try files(store).keys.sorted() == ["golden-0"])
        let again = try run(Self.generated, store: store)
        #expect(again.result.verdict == .pass && again.result.errors == first.result.errors)
    }

    @Test("a stored value is what the next reader uses (values edited in the file show up)")
    func readsTheFile() throws {
        let store = try GoldenStore.temporary()
        defer { store.remove() }
        _ = try run(Self.generated, store: store)
        let url = try #require(try files(store)["golden-0"])
        var data = try Data(contentsOf: url)
        let start = valuesOffset(data)
        withUnsafeBytes(of: (42.0).bitPattern.littleEndian) { data.replaceSubrange(start ..< start + 8, with: $0) }
        try data.write(to: url)
        let edited = try CaseResolver(store: store).resolve(Self.generated).make()
        #expect(edited.golden.scalars[0] == 42.0)
        let result = InProcessExecutor().execute(CaseResolver(store: store).resolve(Self.generated), kernel: ReferenceAttention())
        #expect(result.verdict != .pass, "an edited golden must change the verdict, got \(result.verdict)")
    }

    @Test("a truncated, grown or foreign file is computed again and rewritten, never trusted")
    func untrustedFiles() throws {
        let store = try GoldenStore.temporary()
        defer { store.remove() }
        let plain = try run(Self.generated, store: nil)
        _ = try run(Self.generated, store: store)
        let golden = try #require(try files(store)["golden-0"])
        let good = try Data(contentsOf: golden)
        // A header followed by too few values, then the right size under another case id.
        let foreign = good.prefix(valuesOffset(good)) + Data(repeating: 0, count: 8)
        var sameSizeOtherID = good
        let idStart = good.prefix(valuesOffset(good) - 1).lastIndex(of: UInt8(ascii: "\n"))! + 1
        sameSizeOtherID[idStart] = UInt8(ascii: "x")
        for (what, bytes) in [("truncated", good.dropLast(8)), ("grown", good + Data(count: 8)), ("foreign", foreign),
                              ("another id in the header", sameSizeOtherID), ("empty", Data())] {
            try Data(bytes).write(to: golden)
            let again = try run(Self.generated, store: store)
            #expect(bits(again.problem.golden) == bits(plain.problem.golden), "\(what) file was trusted")
            #expect(again.result.errors == plain.result.errors, "\(what)")
            #expect(try Data(contentsOf: golden) == good, "\(what) file was not rewritten")
        }
    }
}
