/// Why a collective could not complete. Every case names the collective (its
/// kind and label, e.g. `allToAll(q)#3`: the fourth collective of the group)
/// and the ranks involved, so a failing run says which rank stopped where.
public enum ProcessGroupError: Error, Equatable, CustomStringConvertible {
    /// `rank` waited `seconds` in `collective` for the ranks in `waitingFor`.
    case timeout(collective: String, rank: Int, waitingFor: [Int], seconds: Double)
    /// Rank `rank` failed (threw `error`, described) so the group was aborted.
    case peerFailed(rank: Int, error: String)
    /// `rank` waited in `collective` for ranks that had already returned
    /// without joining it.
    case peerExited(collective: String, rank: Int, exited: [Int])
    /// Ranks called different collectives at the same position in the sequence.
    case mismatchedCollective(rank: Int, called: String, peerCalled: String)
    /// An all-to-all got a block count other than the world size.
    case wrongBlockCount(collective: String, rank: Int, count: Int, worldSize: Int)

    public var description: String {
        switch self {
        case let .timeout(collective, rank, waiting, seconds):
            "rank \(rank) timed out after \(seconds) s in \(collective) waiting for rank(s) \(waiting)"
        case let .peerFailed(rank, error): "rank \(rank) failed, so the process group was aborted: \(error)"
        case let .peerExited(collective, rank, exited):
            "rank \(rank) waits in \(collective) for rank(s) \(exited), which returned without joining it"
        case let .mismatchedCollective(rank, called, peerCalled):
            "rank \(rank) called \(called) where another rank called \(peerCalled)"
        case let .wrongBlockCount(collective, rank, count, worldSize):
            "rank \(rank) passed \(count) blocks to \(collective), expected one per rank (\(worldSize))"
        }
    }
}
