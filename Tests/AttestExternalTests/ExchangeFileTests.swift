import AttestCore
import AttestFixtures
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// The request file holds every parameter of a call as the protocol says, and
/// the response reader turns each kind of answer, good or bad, into its verdict
/// class without reading a byte of a dataset of the wrong type or shape.
@Suite struct ExchangeFileTests {
    let dims = AttentionDims(batch: 2, queryLength: 3, keyLength: 5, queryHeads: 4, keyValueHeads: 2, headDim: 6, valueDim: 7)

    func call(dtype: DType = .bfloat16) -> ExchangeCall {
        var args = AttentionArguments.random(dims, dtype: dtype, seed: 7)
        args.scale = 0.25
        args.softcap = 30
        args.mask = AttentionMask(causal: .bottomRight, window: SlidingWindow(left: 2, right: nil), keyLengths: [5, 3])
        args.bias = .float32(Tensor(shape: [1, 4, 3, 5], repeating: -0.5))
        args.alibiSlopes = [0.5, 0.25, 0.125, 0.0625]
        return ExchangeCall(caseID: "case-a", arguments: args, writesLSE: true)
    }

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("attest-exchange-test-\(UUID().uuidString)-\(name)").path
    }

    @Test func theRequestHoldsEveryParameterOfTheCall() throws {
        let path = temporary("request.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = call()
        try ExchangeRequest.write([c], to: path)
        let root = try HDF5File.open(path).root()
        #expect(try root.readStringAttribute("protocol") == "attest-external-kernel")
        #expect(try root.readIntAttribute("protocol_version") == 1 && root.readIntAttribute("calls") == 1)
        let g = try root.group("c000000")
        #expect(try g.readStringAttribute("case_id") == "case-a")
        #expect(try g.readStringAttribute("dtype") == "bfloat16")
        #expect(try [g.readIntAttribute("B"), g.readIntAttribute("Sq"), g.readIntAttribute("Skv"), g.readIntAttribute("Hq"),
                     g.readIntAttribute("Hkv"), g.readIntAttribute("D"), g.readIntAttribute("Dv")] == [2, 3, 5, 4, 2, 6, 7])
        #expect(try g.readDoubleAttribute("scale") == 0.25 && g.readIntAttribute("scale_is_default") == 0)
        #expect(try g.readDoubleAttribute("softcap") == 30)
        #expect(try g.readStringAttribute("causal") == "bottom_right")
        #expect(try [g.readIntAttribute("window"), g.readIntAttribute("window_left"), g.readIntAttribute("window_right"),
                     g.readIntAttribute("lse")] == [1, 2, -1, 1])
        #expect(try g.memberNames().sorted() == ["alibi_slopes", "bias", "k", "key_lengths", "q", "v"])
        let q = try g.dataset("q")
        #expect(try q.elementType() == .bfloat16 && q.shape() == [2, 3, 4, 6])
        #expect(try q.read(BFloat16.self) == c.arguments.q.widened().scalars.map { BFloat16(rounding: $0) })
        #expect(try g.dataset("key_lengths").read(Int64.self) == [5, 3])
        #expect(try g.dataset("bias").read(Double.self) == Array(repeating: -0.5, count: 60))
        #expect(try g.dataset("alibi_slopes").read(Double.self) == [0.5, 0.25, 0.125, 0.0625])
    }

    @Test func theFingerprintSeesEveryInputAndParameter() {
        let a = call(), b = call()
        #expect(a.fingerprint == b.fingerprint)
        var scaled = a.arguments
        scaled.scale = 0.5
        #expect(ExchangeCall(caseID: "x", arguments: scaled, writesLSE: true).fingerprint != a.fingerprint)
        #expect(ExchangeCall(caseID: "case-a", arguments: a.arguments, writesLSE: false).fingerprint != a.fingerprint)
        #expect(call(dtype: .float16).fingerprint != a.fingerprint)
    }

    @Test func eachKindOfAnswerIsRead() throws {
        let path = temporary("response.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let o = Tensor<Float>(shape: [2, 3, 4, 7], repeating: 1.5), lse = Tensor<Float>(shape: [2, 4, 3], repeating: -2)
        do {
            let root = try HDF5File.create(path).root()
            let good = try root.createGroup("c000000")
            try good.createDataset("o", shape: o.shape, values: o.scalars)
            try good.createDataset("lse", shape: lse.shape, values: lse.scalars)
            try root.createGroup("c000001").writeAttribute("not_supported", "no windows on Tuesdays")
            try root.createGroup("c000002").writeAttribute("error", "out of memory")
            let shape = try root.createGroup("c000003")
            try shape.createDataset("o", shape: [1, 1, 1, 1], values: [Float(0)])
            try shape.createDataset("lse", shape: lse.shape, values: lse.scalars)
            let type = try root.createGroup("c000004")
            try type.createDataset("o", shape: o.shape, values: o.scalars.map(Double.init))
            try type.createDataset("lse", shape: lse.shape, values: lse.scalars)
            try root.createGroup("c000005").createDataset("o", shape: o.shape, values: o.scalars)
        }
        let expect = ExchangeExpectation(dims: dims, dtype: .float32, lseType: .float32)
        let answers = try ExchangeResponse.read(path, calls: (0 ..< 7).map { (ExchangeRequest.groupName($0), expect) }).get()
        guard case let .output(gotO, gotLSE) = answers[0] else { Issue.record("\(answers[0])"); return }
        #expect(gotO.widened().scalars == o.scalars.map(Double.init) && gotLSE?.scalars == lse.scalars.map(Double.init))
        guard case .declined("no windows on Tuesdays") = answers[1] else { Issue.record("\(answers[1])"); return }
        guard case .failed("out of memory") = answers[2] else { Issue.record("\(answers[2])"); return }
        guard case let .wrongShape(why) = answers[3] else { Issue.record("\(answers[3])"); return }
        #expect(why == "/c000003/o has shape [1, 1, 1, 1], expected [2, 3, 4, 7]")
        guard case let .malformed(type) = answers[4] else { Issue.record("\(answers[4])"); return }
        #expect(type == "/c000004/o holds float64, expected float32")
        guard case let .malformed(noLSE) = answers[5] else { Issue.record("\(answers[5])"); return }
        #expect(noLSE == "response group /c000005 has no dataset 'lse'")
        guard case let .malformed(missing) = answers[6] else { Issue.record("\(answers[6])"); return }
        #expect(missing == "the response has no group /c000006")
    }

    @Test func aTruncatedResponseIsAnErrorNeverACrash() throws {
        let path = temporary("response.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let count = 2 * 3 * 4 * 7
        do {
            let g = try HDF5File.create(path).root().createGroup("c000000")
            try g.createDataset("o", shape: [2, 3, 4, 7], values: [Float](repeating: 1, count: count))
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let expect = [(ExchangeRequest.groupName(0), ExchangeExpectation(dims: dims, dtype: .float32, lseType: nil))]
        for keep in [bytes.count - count * 2, bytes.count / 2, 100] {
            try bytes.prefix(keep).write(to: URL(fileURLWithPath: path))
            switch ExchangeResponse.read(path, calls: expect) {
            case let .failure(e): #expect(e.message.hasPrefix("the response file cannot be read as HDF5"), "\(e.message)")
            case let .success(answers):
                guard case .malformed = answers[0] else { Issue.record("a truncated file gave \(answers[0])"); continue }
            }
        }
    }

    @Test func aMissingOrForeignResponseFileIsNamed() throws {
        let path = temporary("response.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expect = [(ExchangeRequest.groupName(0), ExchangeExpectation(dims: dims, dtype: .float32, lseType: nil))]
        #expect(throws: Never.self) {
            if case let .failure(e) = ExchangeResponse.read(path, calls: expect) { #expect(e.message == "the kernel wrote no response file") }
        }
        try Data("not hdf5 at all".utf8).write(to: URL(fileURLWithPath: path))
        guard case let .failure(e) = ExchangeResponse.read(path, calls: expect) else { Issue.record("read garbage"); return }
        #expect(e.message.hasPrefix("the response file cannot be read as HDF5"))
    }
}
