import AttestCore
import AttestReference
import AttestTensor
import Testing

/// `AttentionArguments.validate()` (run by the reference and by
/// `callAsFunction`) rejects every structural violation with
/// `AttestError.invalidArguments` whose text names the problem.
@Suite("Reference: argument validation")
struct ValidationTests {
    /// B = 1, Sq = 2, Skv = 3, Hq = 2, Hkv = 1, D = 2, Dv = 2; valid as is.
    static func valid() -> AttentionArguments {
        AttentionArguments(q: filled([1, 2, 2, 2], 0), k: filled([1, 3, 1, 2], 0), v: filled([1, 3, 1, 2], 0))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let expected: String
        let args: AttentionArguments
        init(_ name: String, _ expected: String, _ edit: (inout AttentionArguments) -> Void) {
            testDescription = name
            self.expected = expected
            var a = ValidationTests.valid()
            edit(&a)
            args = a
        }
    }

    static let cases: [Case] = [
        Case("q rank", "q must have rank 4 [B, S, H, D], got shape [2, 2, 2]") { $0.q = filled([2, 2, 2], 0) },
        Case("element types differ", "q, k and v must share one element type, got float64, float32, float64") {
            $0.k = .filled(.float32, shape: [1, 3, 1, 2], value: 0)
        },
        Case("empty Sq", "Sq must be at least 1, got 0") { $0.q = filled([1, 0, 2, 2], 0) },
        Case("batch sizes", "batch sizes differ") { $0.k = filled([2, 3, 1, 2], 0) },
        Case("k head size", "k head size 3 != q head size D=2") { $0.k = filled([1, 3, 1, 3], 0) },
        Case("v length", "v shape [1, 4, 1, 2] does not match k shape [1, 3, 1, 2] in Skv and Hkv") { $0.v = filled([1, 4, 1, 2], 0) },
        Case("GQA divisibility", "Hq=3 is not a multiple of Hkv=2") {
            $0.q = filled([1, 2, 3, 2], 0); $0.k = filled([1, 3, 2, 2], 0); $0.v = filled([1, 3, 2, 2], 0)
        },
        Case("infinite scale", "scale must be finite, got inf") { $0.scale = .infinity },
        Case("NaN scale", "scale must be finite, got nan") { $0.scale = .nan },
        Case("zero softcap", "softcap must be finite and > 0, got 0.0") { $0.softcap = 0 },
        Case("negative softcap", "softcap must be finite and > 0, got -1.0") { $0.softcap = -1 },
        Case("ALiBi count", "alibiSlopes has 1 entries, expected Hq=2") { $0.alibiSlopes = [1] },
        Case("ALiBi NaN", "alibiSlopes must be finite") { $0.alibiSlopes = [1, .nan] },
        Case("bias shape", "bias must have shape [1 or B=1, 1 or Hq=2, Sq=2, Skv=3], got [1, 1, 3, 2]") { $0.bias = filled([1, 1, 3, 2], 0) },
        Case("bias NaN", "bias holds NaN or +infinity at [0, 0, 1, 2]") {
            $0.bias = tensor([1, 1, 2, 3], [0, 0, 0, 0, 0, .nan])
        },
        Case("bias +infinity", "bias holds NaN or +infinity at [0, 1, 0, 0]") {
            $0.bias = tensor([1, 2, 2, 3]) { $0 == [0, 1, 0, 0] ? .infinity : -.infinity }
        },
        Case("window left", "window left must be >= 0 or unbounded, got -1") {
            $0.mask.window = SlidingWindow(left: -1, right: 0)
        },
        Case("window right", "window right must be >= 0 or unbounded, got -2") {
            $0.mask.window = SlidingWindow(left: nil, right: -2)
        },
        Case("keyLengths count", "keyLengths has 2 entries, expected B=1") { $0.mask.keyLengths = [3, 3] },
        Case("keyLengths range", "keyLengths[0] = 4 is outside 0...3") { $0.mask.keyLengths = [4] },
        Case("queryLengths range", "queryLengths[0] = -1 is outside 0...2") { $0.mask.queryLengths = [-1] },
        Case("packed batch", "packed sequences need B = 1, got B=2") {
            $0.q = filled([2, 2, 2, 2], 0); $0.k = filled([2, 3, 1, 2], 0); $0.v = filled([2, 3, 1, 2], 0)
            $0.mask.packed = PackedSequences(queryOffsets: [0, 2], keyOffsets: [0, 3])
        },
        Case("packed with padding", "packed sequences cannot be combined with keyLengths or queryLengths") {
            $0.mask.packed = PackedSequences(queryOffsets: [0, 2], keyOffsets: [0, 3]); $0.mask.keyLengths = [3]
        },
        Case("packed counts", "packed offsets need equal counts of at least 2, got 3 and 2") {
            $0.mask.packed = PackedSequences(queryOffsets: [0, 1, 2], keyOffsets: [0, 3])
        },
        Case("packed start", "packed queryOffsets must start at 0, got [1, 2]") {
            $0.mask.packed = PackedSequences(queryOffsets: [1, 2], keyOffsets: [0, 3])
        },
        Case("packed order", "packed keyOffsets must not decrease: [0, 2, 1]") {
            $0.mask.packed = PackedSequences(queryOffsets: [0, 1, 2], keyOffsets: [0, 2, 1])
        },
        Case("packed end", "packed keyOffsets end 4 exceeds length 3") {
            $0.mask.packed = PackedSequences(queryOffsets: [0, 2], keyOffsets: [0, 4])
        },
        Case("boolean mask shape", "boolean mask must have shape [1 or B=1, 1 or Hq=2, Sq=2, Skv=3], got [1, 3, 2, 3]") {
            $0.mask.boolean = Tensor(shape: [1, 3, 2, 3], repeating: true)
        },
    ]

    @Test("validate() rejects and names the problem", arguments: cases)
    func rejects(_ c: Case) {
        do {
            try c.args.validate()
            Issue.record("\(c): validate() accepted invalid arguments")
        } catch let AttestError.invalidArguments(message) {
            #expect(message.contains(c.expected), "\(c): message was \"\(message)\"")
        } catch {
            Issue.record("\(c): expected invalidArguments, got \(error)")
        }
        // The reference refuses the same call before computing anything.
        #expect(throws: AttestError.self) { try ReferenceAttention()(c.args) }
    }

    @Test("the valid baseline passes, and errors describe themselves")
    func baseline() throws {
        try Self.valid().validate()
        #expect(AttestError.invalidArguments("x").description == "invalid attention arguments: x")
    }

    @Test("output buffers of the wrong shape are refused by forward")
    func outputShapes() {
        let args = Self.valid()
        let badO = AttentionOutput(o: filled([1, 2, 2, 3], 0), lse: filled([1, 2, 2], 0))
        #expect(throws: AttestError.invalidArguments("output o must have shape [1, 2, 2, 2] [B, Sq, Hq, Dv], got [1, 2, 2, 3]")) {
            try ReferenceAttention().forward(args, into: badO)
        }
        let badLSE = AttentionOutput(o: filled([1, 2, 2, 2], 0), lse: filled([1, 2, 3], 0))
        #expect(throws: AttestError.invalidArguments("output lse must have shape [1, 2, 2] [B, Hq, Sq], got [1, 2, 3]")) {
            try ReferenceAttention().forward(args, into: badLSE)
        }
    }
}
