/// A kernel call that failed with a verdict of its own, not merely "the kernel
/// threw" (ERROR): an external kernel's process killed by a signal (CRASH),
/// past its time bound (TIMEOUT), an output of the wrong shape (FAIL), a call it
/// declined (NOT_SUPPORTED) (`docs/external-kernels.md` §6). The runner gives
/// the case this verdict and reason; any other error a kernel throws is ERROR.
public struct KernelCallFailure: Error, Sendable, CustomStringConvertible {
    public var verdict: Verdict
    public var reason: String

    public init(verdict: Verdict, reason: String) {
        self.verdict = verdict
        self.reason = reason
    }

    public var description: String { reason }
}

extension KernelThrew {
    /// The verdict of the case: the failure's own verdict for a `KernelCallFailure`, else ERROR.
    var verdict: Verdict { (underlying as? KernelCallFailure)?.verdict ?? .error }

    /// The reason recorded with that verdict.
    func reason(during check: String? = nil) -> String {
        let during = check.map { " during check \($0)" } ?? ""
        if let failure = underlying as? KernelCallFailure { return failure.reason + during }
        return "the kernel threw\(during): \(underlying)"
    }
}
