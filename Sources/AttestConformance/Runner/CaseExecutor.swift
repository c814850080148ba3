import AttestCore
import AttestTensor
import Foundation

/// Runs one case against one kernel and returns its result. Supervised
/// execution (`AttestSupervisor`) runs `InProcessExecutor` in a worker
/// process and maps a dead worker to CRASH and an overrun to TIMEOUT.
public protocol CaseExecutor: Sendable {
    func execute(_ testCase: ConformanceCase, kernel: any AttentionKernel) -> CaseResult
}

/// Evaluates a case in this process: build the problem (harness), check the
/// kernel's declared support, compute the baseline, run the kernel into
/// NaN-poisoned buffers, judge o (and lse when the kernel declares `lse`) by
/// the policy, then run the case's property checks. A trapping kernel takes
/// the whole process down; only supervised execution survives that.
public struct InProcessExecutor: CaseExecutor {
    public var policy: TolerancePolicy
    public init(policy: TolerancePolicy = .current) { self.policy = policy }

    public func execute(_ testCase: ConformanceCase, kernel: any AttentionKernel) -> CaseResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result = CaseResult(id: testCase.id, verdict: .pass, tags: testCase.tags)
        var referenceTime = Duration.zero, kernelTime = Duration.zero
        func finish(_ verdict: Verdict, _ reason: String?) -> CaseResult {
            result.verdict = verdict
            result.reason = reason
            result.seconds = (clock.now - start).seconds
            result.kernelSeconds = kernelTime.seconds
            result.referenceSeconds = referenceTime.seconds
            return result
        }
        // 1. The problem and its golden (harness work), and 2. the kernel's declared
        // support, decided before anything runs (for a staged case, before its golden).
        func unsupported(_ args: AttentionArguments) -> CaseResult? {
            guard case let .notSupported(reason) = kernel.support(for: args) else { return nil }
            if StackShape.excludes(kernel, args) { result.stackShape = true }
            return finish(.notSupported, reason)
        }
        let problem: CaseProblem
        let baseline: BaselineAttention.Result
        do {
            let t0 = clock.now
            if let staged = testCase.staged {
                let args = try staged.arguments()
                try args.validate()
                referenceTime += clock.now - t0
                if let notSupported = unsupported(args) { return notSupported }
                let t1 = clock.now
                problem = try staged.problem(args)
                referenceTime += clock.now - t1
            } else {
                problem = try testCase.make()
                referenceTime += clock.now - t0
            }
            try problem.args.validate()
        } catch {
            return finish(.harnessError, "building the case failed: \(error)")
        }
        if let notSupported = unsupported(problem.args) { return notSupported }
        let capabilities = kernel.capabilities
        let writesLSE = capabilities.features.contains(.logSumExp)
        if problem.requiresLSE && !writesLSE { return finish(.notSupported, "feature lse (the kernel does not write lse)") }
        if problem.requiresDeterminism && !capabilities.deterministic {
            return finish(.notSupported, "determinism (the kernel declares itself nondeterministic)")
        }
        // 3. Baseline, then the kernel.
        let tBaseline = clock.now
        baseline = problem.baseline ?? problem.baselineSource?.baseline(problem.args) ?? BaselineAttention.compute(problem.args)
        referenceTime += clock.now - tBaseline
        let expected = FullyMaskedRows.expected(problem, baseline: baseline, policy: capabilities.fullyMaskedRows)
        if policy.capsBaselineError == true, let why = ForwardErrorBound.disagreement(
            tensor: "o", baseline: expected.baselineO, golden: expected.o, bound: baseline.oForwardBound)
            ?? ForwardErrorBound.disagreement(tensor: "lse", baseline: baseline.lse, golden: problem.goldenLSE,
                                              bound: baseline.lseForwardBound) {
            return finish(.harnessError, why)
        }
        let output = OutputBuffers.allocate(problem.outputs, dims: problem.args.dims, dtype: problem.args.dtype, lse: writesLSE)
        let t2 = clock.now
        do {
            try KernelThrew.forward(kernel, problem.args, into: output.buffers)
        } catch let e as KernelThrew {
            kernelTime += clock.now - t2
            return finish(e.verdict, e.reason())
        } catch {
            return finish(.harnessError, "\(error)")
        }
        kernelTime += clock.now - t2
        // 4. Judge o and lse.
        let oReport = policy.judge(tensor: "o", kernel: output.buffers.o.widened(), golden: expected.o,
                                   baseline: expected.baselineO, scoreRounding: expected.scoreRoundingO,
                                   normalization: baseline.oNormalization, floorScale: baseline.oFloorScale,
                                   dtype: problem.args.dtype)
        result.errors.append(oReport)
        var failures: [String] = oReport.passed ? [] : [oReport.summary]
        if writesLSE, let lse = output.buffers.lse {
            let kernelLSE = FullyMaskedRows.normalizedLSE(lse.widened(), golden: problem.goldenLSE, policy: capabilities.fullyMaskedRows)
            let lseReport = policy.judge(tensor: "lse", kernel: kernelLSE, golden: problem.goldenLSE,
                                         baseline: baseline.lse, scoreRounding: baseline.lseScoreRounding,
                                         floorScale: baseline.lseFloorScale,
                                         dtype: policy.lseType(call: problem.args.dtype, declared: capabilities.lsePrecision))
            result.errors.append(lseReport)
            if !lseReport.passed { failures.append(lseReport.summary) }
        }
        if let untouched = output.untouchedOutsideViews() { failures.append(untouched) }
        // 5. Property checks.
        // Each o element's own bound, a tensor the size of o: only the checks read it.
        let oBounds = problem.checks.isEmpty ? nil
            : policy.elementBounds(golden: expected.o, baseline: expected.baselineO, scoreRounding: expected.scoreRoundingO,
                                   normalization: baseline.oNormalization, floorScale: baseline.oFloorScale,
                                   dtype: problem.args.dtype)
        let input = PropertyCheckInput(kernel: kernel, problem: problem, output: output.buffers, oReport: oReport, oBounds: oBounds)
        for check in problem.checks {
            do {
                let t3 = clock.now
                if let why = try check.run(input) { failures.append("\(check.name): \(why)") }
                kernelTime += clock.now - t3
            } catch let e as KernelThrew {
                return finish(e.verdict, e.reason(during: check.name))
            } catch {
                return finish(.harnessError, "check \(check.name): \(error)")
            }
        }
        return failures.isEmpty ? finish(.pass, nil) : finish(.fail, failures.joined(separator: "; "))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (timings in results and time bounds).
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
