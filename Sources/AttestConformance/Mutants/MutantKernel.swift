import AttestCore

/// A deliberately broken kernel: `SteppedAttention` with one step replaced by
/// a bug real kernels have shipped. It declares the capabilities of a correct
/// kernel (every element type and feature, zeros for fully masked rows,
/// deterministic), so a conformance run can never excuse its bug as
/// NOT_SUPPORTED: the suite has to catch it. Like the reference whose loops
/// it shares, it takes calls up to `KernelCapabilities.literalMaxFlops`.
public struct MutantKernel: AttentionKernel {
    /// `mutant/<bug>`.
    public let name: String
    /// One line: what the kernel does wrong.
    public let bug: String
    /// The public report of a real kernel that shipped this bug, when known.
    public let mirrors: String?
    let steps: any AttentionSteps

    init(_ slug: String, _ steps: any AttentionSteps, bug: String, mirrors: String? = nil) {
        name = "mutant/\(slug)"
        self.bug = bug
        self.mirrors = mirrors
        self.steps = steps
    }

    public var capabilities: KernelCapabilities { .literal }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try SteppedAttention(steps: steps).forward(args, into: output)
    }
}

/// The default steps: correct attention. Not registered; the tests use it to
/// show that every mutant differs from a correct kernel by its one step only.
struct CorrectSteps: AttentionSteps {}
