/// Cases per verdict. Encoded as an object from each verdict's name to its
/// count, every verdict listed, zeros included: `{"CRASH":0,…,"PASS":855,…}`.
public struct VerdictCounts: Sendable, Equatable, Codable, CustomStringConvertible {
    private var counts: [Verdict: Int]

    /// Every verdict at zero.
    public init() {
        counts = Dictionary(uniqueKeysWithValues: Verdict.allCases.map { ($0, 0) })
    }

    /// The verdicts of `results`, counted.
    public init(_ results: [CaseResult]) {
        self.init()
        for r in results { counts[r.verdict, default: 0] += 1 }
    }

    public subscript(verdict: Verdict) -> Int {
        get { counts[verdict] ?? 0 }
        set { counts[verdict] = newValue }
    }

    /// Whether any case has a verdict that blocks certification.
    public var hasBlocking: Bool { Verdict.allCases.contains { $0.blocks && self[$0] > 0 } }

    /// `PASS 3, NOT_SUPPORTED 0, …` in `Verdict` order.
    public var description: String {
        Verdict.allCases.map { "\($0.rawValue) \(self[$0])" }.joined(separator: ", ")
    }

    public init(from decoder: any Decoder) throws {
        let byName = try decoder.singleValueContainer().decode([String: Int].self)
        self.init()
        for (name, count) in byName {
            guard let verdict = Verdict(rawValue: name) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "'\(name)' is not a verdict"))
            }
            counts[verdict] = count
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Dictionary(uniqueKeysWithValues: Verdict.allCases.map { ($0.rawValue, self[$0]) }))
    }
}
