import AttestCore

/// Whether a preamble stack, not its core, is why a call is not supported.
///
/// A stack such as `ulysses:world=4 > reference` cannot take every shape its
/// core takes (Ulysses needs Hq divisible by P or Hkv >= P, every rank needs a
/// token, zigzag needs S divisible by 2P). Such a case is NOT_SUPPORTED with
/// the preamble's reason; `CaseResult.stackShape` marks it, so the
/// certification rules can tell a shape the stack's parallel layout cannot
/// hold (allowed, when the mandatory core and every feature stay exercised)
/// from a capability the kernel lacks.
public enum StackShape {
    /// The innermost kernel of `kernel` (itself when it is not a stack).
    public static func bareCore(of kernel: any AttentionKernel) -> any AttentionKernel {
        var core = kernel
        while let stacked = core as? StackedKernel { core = stacked.core }
        return core
    }

    /// True when `kernel` is a stack that does not support `args` while its
    /// bare core does.
    public static func excludes(_ kernel: any AttentionKernel, _ args: AttentionArguments) -> Bool {
        guard kernel is StackedKernel, case .notSupported = kernel.support(for: args) else { return false }
        if case .supported = bareCore(of: kernel).support(for: args) { return true }
        return false
    }
}
