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
    /// For NOT_SUPPORTED: `capability` (an element type, feature, head size,
    /// lse or determinism the kernel declares missing) or `shape` (a rule of
    /// the configuration itself, e.g. a preamble needing Sq >= P, for a call
    /// whose element type and features it declares); nil otherwise.
    public var unsupported: UnsupportedKind?

    enum CodingKeys: String, CodingKey {
        case id, verdict, tags, reason, errors, unsupported
        case seconds = "time_s", kernelSeconds = "kernel_s", referenceSeconds = "reference_s"
    }

    public init(id: String, verdict: Verdict, tags: [String], reason: String? = nil, errors: [ErrorReport] = [],
                seconds: Double = 0, kernelSeconds: Double = 0, referenceSeconds: Double = 0,
                unsupported: UnsupportedKind? = nil) {
        self.id = id
        self.verdict = verdict
        self.tags = tags
        self.reason = reason
        self.errors = errors
        self.seconds = seconds
        self.kernelSeconds = kernelSeconds
        self.referenceSeconds = referenceSeconds
        self.unsupported = unsupported
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

/// Why a case is NOT_SUPPORTED (see `CaseResult.unsupported`).
public enum UnsupportedKind: String, Sendable, Codable {
    case capability
    case shape
}
