import Synchronization

/// Built problems by case id, with their baselines, shared across runs (the
/// tests certify several kernels on one profile; golden and baseline cost
/// more than most kernels). Kernels must not write their inputs (the
/// contract), so sharing input tensors between runs is safe. Memory grows
/// with the number of distinct cases: use one cache per profile-sized job.
public final class CaseCache: Sendable {
    private let entries = Mutex<[String: CaseProblem]>([:])

    public init() {}

    /// The cached problem of `testCase`, building it (outside the lock) on first use.
    public func problem(_ testCase: ConformanceCase) throws -> CaseProblem {
        if let hit = entries.withLock({ $0[testCase.id] }) { return hit }
        var built = try testCase.make()
        built.baseline = BaselineAttention.compute(built.args)
        entries.withLock { $0[testCase.id] = built }
        return built
    }

    public var count: Int { entries.withLock { $0.count } }
}
