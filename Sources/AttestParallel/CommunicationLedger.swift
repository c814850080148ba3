import Foundation

/// Elements and bytes one rank moved off-rank (a rank's block to itself is
/// not communication and is not counted).
public struct Traffic: Sendable, Equatable, CustomStringConvertible {
    public var elementsSent = 0
    public var elementsReceived = 0
    public var bytesSent = 0
    public var bytesReceived = 0

    public init(elementsSent: Int = 0, elementsReceived: Int = 0, bytesSent: Int = 0, bytesReceived: Int = 0) {
        self.elementsSent = elementsSent
        self.elementsReceived = elementsReceived
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }

    public static func + (a: Traffic, b: Traffic) -> Traffic {
        Traffic(elementsSent: a.elementsSent + b.elementsSent, elementsReceived: a.elementsReceived + b.elementsReceived,
                bytesSent: a.bytesSent + b.bytesSent, bytesReceived: a.bytesReceived + b.bytesReceived)
    }

    public var description: String {
        "sent \(elementsSent) el (\(bytesSent) B), received \(elementsReceived) el (\(bytesReceived) B)"
    }
}

/// What every rank of one simulated group sent and received during one run,
/// in total and per collective label (`q`, `k`, `v`, `o`, `lse`, `meta.key`, …),
/// plus the elements sent from each rank to each other rank.
public struct CommunicationLedger: Sendable, Equatable {
    /// The preamble that ran the group (`ulysses:world=4`), or a caller's name.
    public var owner: String
    public var worldSize: Int
    /// `ranks[r]`: rank r's totals.
    public var ranks: [Traffic]
    /// `byLabel[label][r]`: rank r's traffic in the collectives with that label.
    public var byLabel: [String: [Traffic]]
    /// `pairs[i][j]`: elements rank i sent to rank j (0 on the diagonal).
    public var pairs: [[Int]]
    /// Collectives completed, in order (`allToAll(q)`, …), as rank 0 joined them.
    public var collectives: [String]
    /// Score entries (query rows × keys) the core evaluated on each rank, when
    /// the preamble reports it (the ring does, for the causal load balance).
    public var coreWork: [Int]?

    public init(owner: String, worldSize: Int) {
        self.owner = owner
        self.worldSize = worldSize
        ranks = Array(repeating: Traffic(), count: worldSize)
        byLabel = [:]
        pairs = Array(repeating: Array(repeating: 0, count: worldSize), count: worldSize)
        collectives = []
    }

    /// Records `elements` (of `bytes`) moving from rank `source` to rank `destination`.
    mutating func record(label: String, from source: Int, to destination: Int, elements: Int, bytes: Int) {
        guard source != destination else { return }
        ranks[source].elementsSent += elements
        ranks[source].bytesSent += bytes
        ranks[destination].elementsReceived += elements
        ranks[destination].bytesReceived += bytes
        var perRank = byLabel[label] ?? Array(repeating: Traffic(), count: worldSize)
        perRank[source].elementsSent += elements
        perRank[source].bytesSent += bytes
        perRank[destination].elementsReceived += elements
        perRank[destination].bytesReceived += bytes
        byLabel[label] = perRank
        pairs[source][destination] += elements
    }

    /// Rank r's traffic over the given labels only.
    public func traffic(rank r: Int, labels: [String]) -> Traffic {
        labels.reduce(Traffic()) { $0 + (byLabel[$1]?[r] ?? Traffic()) }
    }
}

/// Collects the ledger of every simulated group a preamble runs. A stack such
/// as Ulysses(4) over ring(2) runs one ring group per Ulysses rank, so the
/// ring preamble's log receives four ledgers per forward call (in completion
/// order). Safe to read and write from any thread.
///
/// `@unchecked Sendable`: `entries` is read and written only while holding
/// `lock`. An `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`,
/// because Thread Sanitizer on Linux does not see the futex-based `Mutex`'s
/// ordering and reports its protected accesses as races (`make tsan`).
public final class CommunicationLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [CommunicationLedger] = []

    public init() {}

    /// Every ledger recorded since creation or the last `reset()`.
    public var ledgers: [CommunicationLedger] { lock.withLock { entries } }
    /// The most recently recorded ledger.
    public var last: CommunicationLedger? { lock.withLock { entries.last } }

    public func record(_ ledger: CommunicationLedger) { lock.withLock { entries.append(ledger) } }
    public func reset() { lock.withLock { entries.removeAll() } }
}
