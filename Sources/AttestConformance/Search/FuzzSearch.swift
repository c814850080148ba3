import AttestCore
import AttestTensor

/// The property-based search beyond the fixed profile: random `FuzzProblem`s
/// run through one kernel (or preamble stack) and judged exactly as the
/// runner judges a case (`InProcessExecutor`: NaN-poisoned outputs, the
/// tolerance policy against the float64 reference, lse when declared).
public struct FuzzSearch: Sendable {
    /// What one problem gave.
    public enum Outcome: Sendable, Equatable {
        case pass
        /// Outside the kernel's declared capabilities: not a finding.
        case notSupported(String)
        /// FAIL, ERROR or HARNESS_ERROR, with the runner's reason.
        case failed(Verdict, String)

        public var isFailure: Bool { if case .failed = self { true } else { false } }
    }

    /// A failing problem, shrunk, and the seed of the problem it shrank from.
    public struct Finding: Sendable {
        /// `FuzzProblem.random(using: SeededGenerator(seed: problemSeed))` is the original problem.
        public var problemSeed: UInt64
        public var original: FuzzProblem
        public var shrunk: FuzzProblem
        public var verdict: Verdict
        public var reason: String

        public init(problemSeed: UInt64, original: FuzzProblem, shrunk: FuzzProblem, verdict: Verdict, reason: String) {
            self.problemSeed = problemSeed
            self.original = original
            self.shrunk = shrunk
            self.verdict = verdict
            self.reason = reason
        }
    }

    public let kernel: any AttentionKernel
    public let policy: TolerancePolicy

    public init(kernel: any AttentionKernel, policy: TolerancePolicy = .current) {
        self.kernel = kernel
        self.policy = policy
    }

    /// Judges `kernel` on `problem`. Outputs are contiguous for a contiguous
    /// layout and embedded in larger NaN buffers otherwise. A kernel that
    /// declares determinism also gets the runner's determinism check (a
    /// second run must give identical bits).
    public func check(_ problem: FuzzProblem) -> Outcome {
        let deterministic = kernel.capabilities.deterministic
        let args = problem.arguments()
        let testCase = ConformanceCase(problem.spec(arguments: args)) {
            var p = deterministic ? try PropertyCases.determinism(args) : try CaseProblem(referenceFor: args)
            p.outputs = problem.layout == .contiguous ? .contiguous : .embedded
            return p
        }
        let result = InProcessExecutor(policy: policy).execute(testCase, kernel: kernel)
        switch result.verdict {
        case .pass: return .pass
        case .notSupported: return .notSupported(result.reason ?? "not supported")
        default: return .failed(result.verdict, result.reason ?? "\(result.verdict)")
        }
    }

    /// Greedy shrinking: repeatedly moves to the first simpler neighbour
    /// (`FuzzProblem.shrinkCandidates`) that still fails, at most `budget`
    /// checks. Returns the smallest failing problem found and its outcome.
    public func shrink(_ problem: FuzzProblem, outcome: Outcome, budget: Int = 300) -> (FuzzProblem, Outcome) {
        let (small, o, _) = shrinkPath(problem, outcome: outcome, budget: budget)
        return (small, o)
    }

    /// `shrink`, also returning the path it took: the index of each step's
    /// candidate in `shrinkCandidates`, so that
    /// `problem.following(shrinkPath:)` rebuilds the result without running a
    /// kernel (a supervised worker answers the path, `attest fuzz`).
    public func shrinkPath(_ problem: FuzzProblem, outcome: Outcome, budget: Int = 300) -> (FuzzProblem, Outcome, [Int]) {
        var current = (problem, outcome), spent = 0, path: [Int] = []
        var improved = true
        while improved && spent < budget {
            improved = false
            for (n, candidate) in current.0.shrinkCandidates.enumerated() where spent < budget {
                spent += 1
                let o = check(candidate)
                if o.isFailure {
                    current = (candidate, o)
                    path.append(n)
                    improved = true
                    break
                }
            }
        }
        return (current.0, current.1, path)
    }

    /// Draws problems from `SeededGenerator(seed)` (each problem from its own
    /// seed, the stream's next value) until `shouldStop` says so or
    /// `maxFindings` failures are found; every failure is shrunk.
    /// `onProblem` sees every problem and its outcome (for progress output).
    public func run(seed: UInt64, maxFindings: Int = 1, shouldStop: () -> Bool,
                    onProblem: (FuzzProblem, Outcome) -> Void = { _, _ in }) -> (checked: Int, findings: [Finding]) {
        var stream = SeededGenerator(seed: seed)
        var findings: [Finding] = [], checked = 0
        while findings.count < maxFindings && !shouldStop() {
            let problemSeed = stream.next()
            let problem = FuzzProblem.random(seed: problemSeed)
            let outcome = check(problem)
            checked += 1
            onProblem(problem, outcome)
            guard case .failed = outcome else { continue }
            let (small, smallOutcome) = shrink(problem, outcome: outcome)
            guard case let .failed(verdict, reason) = smallOutcome else { continue }
            findings.append(Finding(problemSeed: problemSeed, original: problem, shrunk: small, verdict: verdict, reason: reason))
        }
        return (checked, findings)
    }
}

extension FuzzSearch.Outcome {
    /// One line: `PASS`, `NOT_SUPPORTED: reason` or `FAIL: reason`.
    public var summary: String {
        switch self {
        case .pass: Verdict.pass.rawValue
        case let .notSupported(reason): "\(Verdict.notSupported.rawValue): \(reason)"
        case let .failed(verdict, reason): "\(verdict.rawValue): \(reason)"
        }
    }
}
