import Foundation

/// What one rank's body produced: its value, its error, or nil when the rank
/// was abandoned (still running outside any collective after the group failed).
public typealias RankOutcome<R> = Result<R, any Error>?

extension SimulatedProcessGroup {
    /// Runs `body` on P ranks, each on its own thread (Foundation `Thread`,
    /// 8 MiB stack), and returns every rank's outcome and the group's ledger.
    ///
    /// Real threads, not Swift tasks: rank bodies block in collectives, and
    /// blocking tasks of the cooperative pool can deadlock on a 2-core machine,
    /// especially when stacks nest (Ulysses(4) over ring(2) runs four ranks that
    /// each run two). `timeout` bounds every wait in a collective (seconds).
    public static func runCollectingOutcomes<R: Sendable>(
        worldSize: Int, timeout: Double = SimulatedProcessGroup.defaultTimeout, owner: String = "process group",
        _ body: @escaping @Sendable (SimulatedProcessGroup) throws -> R
    ) -> (outcomes: [RankOutcome<R>], ledger: CommunicationLedger, failedRank: Int?) {
        runCollectingOutcomes(inputs: Array(0 ..< worldSize), timeout: timeout, owner: owner) { group, _ in try body(group) }
    }

    /// As `runCollectingOutcomes(worldSize:)` with P = `inputs.count`, handing
    /// rank r only `inputs[r]` (its shards), as the argument of its thread.
    public static func runCollectingOutcomes<I: Sendable, R: Sendable>(
        inputs: [I], timeout: Double = SimulatedProcessGroup.defaultTimeout, owner: String = "process group",
        _ body: @escaping @Sendable (SimulatedProcessGroup, I) throws -> R
    ) -> (outcomes: [RankOutcome<R>], ledger: CommunicationLedger, failedRank: Int?) {
        let worldSize = inputs.count
        let world = SimulatedWorld(size: worldSize, timeout: timeout, owner: owner)
        for (rank, input) in inputs.enumerated() {
            let group = SimulatedProcessGroup(rank: rank, world: world)
            let thread = Thread {
                do {
                    let value = try body(group, input)
                    world.finish(rank: rank, result: .success(value))
                } catch {
                    world.finish(rank: rank, result: .failure(error))
                }
            }
            thread.name = "\(owner) rank \(rank)"
            thread.stackSize = 8 << 20
            thread.start()
        }
        let (results, ledger, failedRank) = world.waitForRanks()
        let outcomes: [RankOutcome<R>] = results.map { result in
            result.map { $0.map { value in
                guard let typed = value as? R else { preconditionFailure("rank result \(type(of: value)) is not \(R.self)") }
                return typed
            } }
        }
        return (outcomes, ledger, failedRank)
    }

    /// Runs `body` on P ranks and returns their values in rank order and the
    /// ledger. When any rank fails, throws the error of the rank that failed
    /// first (the root cause, e.g. the core's error or the first timeout),
    /// after every other rank has stopped.
    public static func run<R: Sendable>(
        worldSize: Int, timeout: Double = SimulatedProcessGroup.defaultTimeout, owner: String = "process group",
        _ body: @escaping @Sendable (SimulatedProcessGroup) throws -> R
    ) throws -> (results: [R], ledger: CommunicationLedger) {
        try run(inputs: Array(0 ..< worldSize), timeout: timeout, owner: owner) { group, _ in try body(group) }
    }

    /// As `run(worldSize:)` with P = `inputs.count`, rank r receiving `inputs[r]`.
    public static func run<I: Sendable, R: Sendable>(
        inputs: [I], timeout: Double = SimulatedProcessGroup.defaultTimeout, owner: String = "process group",
        _ body: @escaping @Sendable (SimulatedProcessGroup, I) throws -> R
    ) throws -> (results: [R], ledger: CommunicationLedger) {
        let (outcomes, ledger, failedRank) = runCollectingOutcomes(inputs: inputs, timeout: timeout, owner: owner, body)
        if let failedRank, case let .failure(error)? = outcomes[failedRank] { throw error }
        var values: [R] = []
        for (rank, outcome) in outcomes.enumerated() {
            switch outcome {
            case let .success(value)?: values.append(value)
            case let .failure(error)?: throw error
            case nil: throw ProcessGroupError.peerFailed(rank: rank, error: "did not finish")
            }
        }
        return (values, ledger)
    }
}
