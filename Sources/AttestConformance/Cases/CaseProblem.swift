import AttestCore
import AttestKernels
import AttestReference
import AttestTensor

/// Everything the runner needs to evaluate one case against any kernel:
/// the call, its float64 golden, and what else the case checks.
public struct CaseProblem: Sendable {
    /// The call the kernel receives (inputs may be strided views).
    public var args: AttentionArguments
    /// Expected o `[B, Sq, Hq, Dv]`, float64.
    public var golden: Tensor<Double>
    /// Expected lse `[B, Hq, Sq]`, float64 (natural log, -inf for fully masked rows).
    public var goldenLSE: Tensor<Double>
    /// How the runner allocates the output buffers (default: contiguous, NaN-filled).
    public var outputs: OutputAllocation
    /// The case is about lse: NOT_SUPPORTED for a kernel that does not declare `lse`.
    public var requiresLSE: Bool
    /// The case is about determinism: NOT_SUPPORTED for a kernel that declares itself nondeterministic.
    public var requiresDeterminism: Bool
    /// Further checks run after the golden judgement (property cases).
    public var checks: [PropertyCheck]
    /// The tolerance baseline (`BaselineAttention`) when already computed; the executor computes it otherwise.
    public var baseline: BaselineAttention.Result?
    /// Where the executor gets the baseline when `baseline` is nil (a `GoldenStore` case's scope); nil: `BaselineAttention.compute`.
    public var baselineSource: GoldenStore.Scope?

    public init(args: AttentionArguments, golden: Tensor<Double>, goldenLSE: Tensor<Double>,
                outputs: OutputAllocation = .contiguous, requiresLSE: Bool = false,
                requiresDeterminism: Bool = false, checks: [PropertyCheck] = []) {
        self.args = args
        self.golden = golden
        self.goldenLSE = goldenLSE
        self.outputs = outputs
        self.requiresLSE = requiresLSE
        self.requiresDeterminism = requiresDeterminism
        self.checks = checks
    }

    /// A problem whose golden is the float64 reference on `args` itself.
    public init(referenceFor args: AttentionArguments) throws {
        let (o, lse) = try ReferenceGolden.compute(args)
        self.init(args: args, golden: o, goldenLSE: lse)
    }
}

/// The float64 golden of a call: `ReferenceAttention` into float64 buffers
/// below `GoldenPath.threshold` FLOPs, the blocked dgemm golden `BLASGolden`
/// (same function, float64, within 1e-12 relative of it) at or above.
/// Inside a case build run by `GoldenStore.building(in:)`, the store's copy
/// is used when it has one.
public enum ReferenceGolden {
    public static func compute(_ args: AttentionArguments) throws -> (o: Tensor<Double>, lse: Tensor<Double>) {
        guard let scope = GoldenStore.Scope.current else { return try computeHere(args) }
        return try scope.golden(args) { try computeHere(args) }
    }

    private static func computeHere(_ args: AttentionArguments) throws -> (o: Tensor<Double>, lse: Tensor<Double>) {
        if GoldenPath.of(args.dims) == .blocked { return try BLASGolden.compute(args) }
        return try literal(args)
    }

    /// `ReferenceAttention` itself, whatever the size.
    public static func literal(_ args: AttentionArguments) throws -> (o: Tensor<Double>, lse: Tensor<Double>) {
        let out = AttentionOutput.allocate(args.dims, dtype: .float64, lseDType: .float64)
        try ReferenceAttention().forward(args, into: out)
        return (out.o.widened(), out.lse!.widened())
    }
}

/// How the runner allocates the buffers a kernel writes. Every element of
/// every buffer starts as NaN, so an element the kernel leaves unwritten fails.
public enum OutputAllocation: Sendable {
    /// Contiguous o in the input element type and lse in float64.
    case contiguous
    /// o and lse as strided views into larger NaN-filled storage (o viewed
    /// from a `[B, Hq, Sq, Dv + 3]` buffer, lse from `[B, Hq, Sq + 2]`); the
    /// elements outside the views must still be NaN after the call.
    case embedded
}

/// A named check a property case adds after the golden judgement. It returns
/// nil when it holds, or the reason it fails; it throws `KernelThrew` when a
/// kernel call it makes throws.
public struct PropertyCheck: Sendable {
    public var name: String
    public var run: @Sendable (PropertyCheckInput) throws -> String?
    public init(name: String, run: @escaping @Sendable (PropertyCheckInput) throws -> String?) {
        self.name = name
        self.run = run
    }
}

/// What a property check sees: the kernel, the call and what the kernel wrote.
public struct PropertyCheckInput: Sendable {
    public var kernel: any AttentionKernel
    public var problem: CaseProblem
    public var output: AttentionOutput
    /// The o report of the golden judgement (its bound is the tolerance a check may use).
    public var oReport: ErrorReport
    /// Each o element's own bound when the policy judges per element (version 4,
    /// `TolerancePolicy.elementBounds`); nil when `oReport.bound` is every element's.
    public var oBounds: Tensor<Double>? = nil
}

/// A kernel's own error, wrapped so the runner tells it from a harness fault.
public struct KernelThrew: Error, CustomStringConvertible {
    public var underlying: any Error
    public var description: String { "\(underlying)" }

    /// Runs `kernel` and wraps anything it throws.
    public static func forward(_ kernel: any AttentionKernel, _ args: AttentionArguments, into output: AttentionOutput) throws {
        do { try kernel.forward(args, into: output) } catch { throw KernelThrew(underlying: error) }
    }
}
