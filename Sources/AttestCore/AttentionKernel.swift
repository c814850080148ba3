/// An attention implementation: the thing Attest certifies.
///
/// `forward` computes the contract of `docs/semantics.md` for `args` and writes
/// every element of `output.o` (and of `output.lse` when it is non-nil). It may
/// assume `args.validate()` passed and `support(for:)` said `.supported`; it
/// must accept inputs and outputs of any strides. It throws for failures it
/// can detect; it must not trap.
public protocol AttentionKernel: Sendable {
    /// The registry name, e.g. `reference`.
    var name: String { get }
    var capabilities: KernelCapabilities { get }
    /// Whether this call is within the declared capabilities (and, for stacks,
    /// within the shapes the preambles can take).
    func support(for args: AttentionArguments) -> Support
    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws
}

extension AttentionKernel {
    public func support(for args: AttentionArguments) -> Support { capabilities.support(for: args) }

    /// Validates, checks support, allocates contiguous buffers of the input
    /// element type (lse in float64 when the kernel writes it) and runs.
    public func callAsFunction(_ args: AttentionArguments) throws -> AttentionOutput {
        try args.validate()
        if case let .notSupported(reason) = support(for: args) {
            throw AttestError.notSupported(kernel: name, reason: reason)
        }
        let output = AttentionOutput.allocate(
            args.dims, dtype: args.dtype,
            lseDType: capabilities.features.contains(.logSumExp) ? .float64 : nil)
        try forward(args, into: output)
        return output
    }
}
