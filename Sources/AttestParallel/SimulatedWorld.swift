import Foundation

/// The shared state of one simulated process group: the rendezvous slots of
/// its collectives, the failure that aborted it, the ranks that returned, the
/// ledger and the ranks' results.
///
/// Collective number n of every rank meets in slot n: each rank deposits its
/// contribution, waits until all P have deposited, then reads. A rank waits at
/// most `timeout` seconds; it stops early when a peer failed (the group is
/// aborted, `peerFailed`) or when a rank it waits for has already returned
/// (`peerExited`). Any error inside a collective aborts the group, so the other
/// ranks fail fast instead of running into their own timeouts.
///
/// `@unchecked Sendable`: every stored `var` is read and written only while
/// holding `condition` (an NSCondition: a pthread mutex with its condition
/// variable, understood by Thread Sanitizer), and the contributions it hands
/// out are copies that no thread writes after depositing them.
final class SimulatedWorld: @unchecked Sendable {
    struct Slot {
        var name: String
        var contributions: [(any Sendable)?]
        var readersLeft: Int
    }

    let size: Int
    let timeout: Double
    private let condition = NSCondition()
    private var slots: [Int: Slot] = [:]
    private var nextSequence: [Int]
    private var failure: (rank: Int, error: String)?
    private var exited: Set<Int> = []
    private var results: [Result<any Sendable, any Error>?]
    private var ledger: CommunicationLedger

    init(size: Int, timeout: Double, owner: String) {
        precondition(size >= 1, "a process group needs at least one rank, got \(size)")
        precondition(timeout > 0, "the collective timeout must be positive, got \(timeout)")
        self.size = size
        self.timeout = timeout
        nextSequence = Array(repeating: 0, count: size)
        results = Array(repeating: nil, count: size)
        ledger = CommunicationLedger(owner: owner, worldSize: size)
    }

    /// Deposits `contribution` as `rank`'s part of its next collective, waits
    /// for every rank's part and returns all P parts in rank order.
    func rendezvous(rank: Int, name: String, contribution: any Sendable) throws -> [any Sendable] {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw ProcessGroupError.peerFailed(rank: failure.rank, error: failure.error) }
        let sequence = nextSequence[rank]
        nextSequence[rank] += 1
        let fullName = "\(name)#\(sequence)"
        var slot = slots[sequence] ?? Slot(name: name, contributions: Array(repeating: nil, count: size), readersLeft: size)
        guard slot.name == name else {
            let error = ProcessGroupError.mismatchedCollective(rank: rank, called: fullName, peerCalled: "\(slot.name)#\(sequence)")
            abortLocked(rank: rank, error: error)
            throw error
        }
        slot.contributions[rank] = contribution
        slots[sequence] = slot
        if rank == 0 { ledger.collectives.append(name) }
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            let missing = (0 ..< size).filter { slots[sequence]?.contributions[$0] == nil }
            if missing.isEmpty { break }
            if let failure { throw ProcessGroupError.peerFailed(rank: failure.rank, error: failure.error) }
            let gone = missing.filter(exited.contains)
            if !gone.isEmpty {
                let error = ProcessGroupError.peerExited(collective: fullName, rank: rank, exited: gone)
                abortLocked(rank: rank, error: error)
                throw error
            }
            if !condition.wait(until: deadline), Date() >= deadline {
                let error = ProcessGroupError.timeout(collective: fullName, rank: rank, waitingFor: missing, seconds: timeout)
                abortLocked(rank: rank, error: error)
                throw error
            }
        }
        let parts = slots[sequence]!.contributions.map { $0! }
        slots[sequence]!.readersLeft -= 1
        if slots[sequence]!.readersLeft == 0 { slots[sequence] = nil }
        return parts
    }

    /// Counts what `receiver` got: `(source, elements, bytes)` per part.
    func account(label: String, receiver: Int, parts: [(source: Int, elements: Int, bytes: Int)]) {
        condition.lock()
        defer { condition.unlock() }
        for part in parts {
            ledger.record(label: label, from: part.source, to: receiver, elements: part.elements, bytes: part.bytes)
        }
    }

    /// Marks the group failed by `rank` (the first failure wins) and wakes every waiter.
    func abort(rank: Int, error: any Error) {
        condition.lock()
        defer { condition.unlock() }
        abortLocked(rank: rank, error: error)
    }

    private func abortLocked(rank: Int, error: any Error) {
        if failure == nil { failure = (rank, "\(error)") }
        condition.broadcast()
    }

    /// Records that `rank`'s body returned (or threw) with `result`.
    func finish(rank: Int, result: Result<any Sendable, any Error>) {
        condition.lock()
        defer { condition.unlock() }
        results[rank] = result
        exited.insert(rank)
        if case let .failure(error) = result { abortLocked(rank: rank, error: error) }
        condition.broadcast()
    }

    /// Waits until every rank finished, or, once the group has failed, until
    /// `timeout` more seconds passed (a rank stuck outside any collective is
    /// then abandoned and reported as nil). Returns the results, the ledger
    /// and the rank whose failure aborted the group.
    func waitForRanks() -> (results: [Result<any Sendable, any Error>?], ledger: CommunicationLedger, failedRank: Int?) {
        condition.lock()
        defer { condition.unlock() }
        var abandonAt: Date?
        while exited.count < size {
            if failure != nil && abandonAt == nil { abandonAt = Date(timeIntervalSinceNow: timeout) }
            if let abandonAt {
                if !condition.wait(until: abandonAt), Date() >= abandonAt { break }
            } else {
                condition.wait()
            }
        }
        return (results, ledger, failure?.rank)
    }
}
