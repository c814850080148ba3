/// One rank's handle on a simulated process group: P ranks run as threads in
/// one process (see `SimulatedProcessGroup.run`), and each rank reaches the
/// others only through these collectives.
///
/// Isolation: a sender deposits detached copies and every receiver takes its
/// own copy of what it reads, so no two ranks ever hold the same storage.
/// Determinism: each collective is a permutation of blocks fixed by rank
/// numbers (never by arrival order), with no arithmetic. Accounting: every
/// block that crosses ranks is counted once, in elements and bytes, in the
/// group's `CommunicationLedger`.
public struct SimulatedProcessGroup: ProcessGroup {
    /// Seconds a rank waits in a collective before the group fails, unless
    /// told otherwise: the one default of `run` and of every sharded
    /// preamble's `timeout` parameter.
    public static let defaultTimeout = 30.0
    /// The most ranks of one group (each rank is an OS thread): the limit of
    /// every sharded preamble's `world` parameter and of `attest bench-stacks`.
    public static let maxWorld = 256
    /// The longest collective timeout, in seconds (one day): a finite deadline
    /// every clock represents; the limit of every `timeout` parameter.
    public static let maxTimeout = 86_400.0

    public let rank: Int
    let world: SimulatedWorld

    init(rank: Int, world: SimulatedWorld) {
        self.rank = rank
        self.world = world
    }

    public var worldSize: Int { world.size }

    public func allToAll<T: CollectivePayload>(_ blocks: [T], label: String) throws -> [T] {
        let name = "allToAll(\(label)):\(T.self)"
        guard blocks.count == worldSize else {
            let error = ProcessGroupError.wrongBlockCount(collective: name, rank: rank, count: blocks.count, worldSize: worldSize)
            world.abort(rank: rank, error: error)
            throw error
        }
        let parts = try world.rendezvous(rank: rank, name: name, contribution: blocks.map { $0.detachedCopy() })
        let received = parts.enumerated().map { source, part in
            let theirs = Self.cast(part, as: [T].self)
            return theirs[rank].detachedCopy()
        }
        account(label, received, sources: Array(0 ..< worldSize))
        return received
    }

    public func allGather<T: CollectivePayload>(_ value: T, label: String) throws -> [T] {
        let name = "allGather(\(label)):\(T.self)"
        let parts = try world.rendezvous(rank: rank, name: name, contribution: value.detachedCopy())
        let received = parts.map { Self.cast($0, as: T.self).detachedCopy() }
        account(label, received, sources: Array(0 ..< worldSize))
        return received
    }

    public func sendReceiveRing<T: CollectivePayload>(_ value: T, label: String) throws -> T {
        let name = "sendReceiveRing(\(label)):\(T.self)"
        let parts = try world.rendezvous(rank: rank, name: name, contribution: value.detachedCopy())
        let source = (rank - 1 + worldSize) % worldSize
        let received = Self.cast(parts[source], as: T.self).detachedCopy()
        account(label, [received], sources: [source])
        return received
    }

    public func barrier(label: String) throws {
        _ = try world.rendezvous(rank: rank, name: "barrier(\(label))", contribution: 0)
    }

    private func account<T: CollectivePayload>(_ label: String, _ received: [T], sources: [Int]) {
        world.account(label: label, receiver: rank, parts: zip(sources, received).map {
            (source: $0, elements: $1.elementCount, bytes: $1.byteCount)
        })
    }

    /// Every rank of one slot called the same collective name, which includes
    /// the payload type, so the cast always succeeds.
    private static func cast<T>(_ part: any Sendable, as _: T.Type) -> T {
        guard let typed = part as? T else {
            preconditionFailure("collective payload \(type(of: part)) is not \(T.self) although the collective names matched")
        }
        return typed
    }
}
