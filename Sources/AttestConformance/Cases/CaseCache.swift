import Synchronization

/// Built problems by case id, with their baselines, shared across runs (the
/// tests certify several kernels on one profile; golden and baseline cost
/// more than most kernels). Kernels must not write their inputs (the
/// contract), so sharing input tensors between runs is safe. Memory grows
/// with the number of distinct cases: use one cache per profile-sized job.
///
/// Each id is built once: the first caller builds it (golden and baseline)
/// while holding that id's own lock, so a concurrent caller of the same id
/// waits for that build instead of computing a second golden; other ids go
/// on in parallel. A build that throws is not stored (the next caller tries
/// again and gets the same error).
public final class CaseCache: Sendable {
    /// One id's problem, built at most once.
    private final class Slot: Sendable {
        let problem = Mutex<CaseProblem?>(nil)
    }

    private let slots = Mutex<[String: Slot]>([:])
    private let built = Atomic<Int>(0)

    public init() {}

    /// The cached problem of `testCase`, building it on first use.
    public func problem(_ testCase: ConformanceCase) throws -> CaseProblem {
        let slot = slots.withLock { slots in
            if let slot = slots[testCase.id] { return slot }
            let slot = Slot()
            slots[testCase.id] = slot
            return slot
        }
        return try slot.problem.withLock { cached in
            if let cached { return cached }
            var problem = try testCase.make()
            problem.baseline = BaselineAttention.compute(problem.args)
            cached = problem
            built.add(1, ordering: .relaxed)
            return problem
        }
    }

    /// How many problems (golden and baseline) the cache has built: one per distinct id.
    public var count: Int { built.load(ordering: .relaxed) }
}
