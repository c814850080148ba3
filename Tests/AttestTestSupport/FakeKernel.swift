import AttestCore
import AttestReference

/// The fake kernel of the tests: the float64-exact `ReferenceAttention` under
/// another name and declaration, optionally changing the arguments it is
/// given (`edit`, e.g. a kernel that ignores key padding) and what it wrote
/// (`after`, e.g. a kernel that skips the last row). With neither it is a
/// correct kernel declaring `capabilities`.
///
/// `tag` tells two registrations of the same name apart (registry tests).
public struct FakeKernel: AttentionKernel {
    public var name: String
    public var capabilities: KernelCapabilities
    public var tag: Int
    public var edit: @Sendable (AttentionArguments) -> AttentionArguments
    public var after: @Sendable (AttentionArguments, AttentionOutput) -> Void

    public init(name: String, capabilities: KernelCapabilities = .complete, tag: Int = 0,
                edit: @escaping @Sendable (AttentionArguments) -> AttentionArguments = { $0 },
                after: @escaping @Sendable (AttentionArguments, AttentionOutput) -> Void = { _, _ in }) {
        self.name = name
        self.capabilities = capabilities
        self.tag = tag
        self.edit = edit
        self.after = after
    }

    /// The reference declaring every capability except `removed`
    /// (named `reference-without-<features>`), to test what a preamble requires of its core.
    public static func reference(without removed: Set<AttentionFeature>) -> FakeKernel {
        var capabilities = KernelCapabilities.complete
        capabilities.features.subtract(removed)
        return FakeKernel(name: "reference-without-\(removed.map(\.rawValue).sorted().joined(separator: "-"))",
                          capabilities: capabilities)
    }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try ReferenceAttention().forward(edit(args), into: output)
        after(args, output)
    }
}
