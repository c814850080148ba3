/// The record of one executed case: one line of `results.jsonl`.
public struct CaseResult: Sendable, Codable, Equatable {
    /// The canonical case id.
    public var id: String
    public var verdict: Verdict
    /// Feature tags of the case (element type, head grouping, mask flags,
    /// property name, layout): what a failure points at.
    public var tags: [String]
    /// Why it did not pass (the failed check, the kernel's error, the missing
    /// capability, the harness fault); nil for PASS.
    public var reason: String?
    /// Error reports of the judged tensors (o, then lse when judged), possibly
    /// several per tensor for properties (each named).
    public var errors: [ErrorReport]
    /// Wall time of the case in seconds (golden, baseline and kernel together).
    public var seconds: Double
    /// Seconds spent inside the kernel.
    public var kernelSeconds: Double
    /// Seconds spent computing golden and baseline outputs.
    public var referenceSeconds: Double
    /// True for a NOT_SUPPORTED case that a preamble stack's shape rule
    /// excluded although its bare core supports it (e.g. Hq not divisible by
    /// Ulysses' P); nil otherwise (and absent from `results.jsonl`).
    /// `CertificationDecision` lets such cases leave the mandatory core only
    /// when their cells and features are still exercised by PASS cases.
    public var stackShape: Bool?

    enum CodingKeys: String, CodingKey {
        case id, verdict, tags, reason, errors
        case seconds = "time_s", kernelSeconds = "kernel_s", referenceSeconds = "reference_s"
        case stackShape = "stack_shape"
    }

    public init(id: String, verdict: Verdict, tags: [String], reason: String? = nil, errors: [ErrorReport] = [],
                seconds: Double = 0, kernelSeconds: Double = 0, referenceSeconds: Double = 0) {
        self.id = id
        self.verdict = verdict
        self.tags = tags
        self.reason = reason
        self.errors = errors
        self.seconds = seconds
        self.kernelSeconds = kernelSeconds
        self.referenceSeconds = referenceSeconds
    }

    /// The report with the largest headroom (failing ones first): what a
    /// one-line summary shows.
    public var worst: ErrorReport? {
        errors.max { a, b in
            (a.passed ? 0 : 1, a.headroom.isNaN ? .infinity : a.headroom) < (b.passed ? 0 : 1, b.headroom.isNaN ? .infinity : b.headroom)
        }
    }

    /// The same result without timings: what two runs of the same case must agree on.
    public var timeless: CaseResult {
        var r = self
        r.seconds = 0
        r.kernelSeconds = 0
        r.referenceSeconds = 0
        return r
    }
}
