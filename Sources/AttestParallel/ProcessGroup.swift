import AttestTensor

/// A value a collective can move between ranks. Collectives never hand a
/// receiver the sender's object: they move `detachedCopy()`s, so a rank cannot
/// reach another rank's storage except through a collective.
public protocol CollectivePayload: Sendable {
    /// Elements it holds (what the communication ledger counts).
    var elementCount: Int { get }
    /// Bytes it holds: `elementCount × element size`.
    var byteCount: Int { get }
    /// A copy that shares no storage with `self`.
    func detachedCopy() -> Self
}

/// The collectives the sequence-parallel preambles need, seen from one rank.
///
/// The contract carries no assumption of shared memory: every argument is a
/// value the caller owns, every result is a fresh value the receiver owns, so a
/// message-passing backend (MPI, NCCL) can implement it as is. All ranks of the
/// group must call the same collectives in the same order; each call blocks
/// until every rank has joined it, and throws `ProcessGroupError` when a peer
/// fails, leaves, calls a different collective or does not arrive in time.
///
/// `label` names the call in errors and in the communication ledger (`q`, `o`,
/// `meta.key`, …); every rank must pass the same label.
public protocol ProcessGroup: Sendable {
    /// This rank, `0 ..< worldSize`.
    var rank: Int { get }
    /// P, the number of ranks.
    var worldSize: Int { get }

    /// All-to-all with variable block sizes (`all_to_allv`): `blocks[j]` goes to
    /// rank j, and the result's element i is what rank i sent to this rank
    /// (`recv[j][i] = send[i][j]`). `blocks.count` must equal `worldSize`.
    func allToAll<T: CollectivePayload>(_ blocks: [T], label: String) throws -> [T]

    /// Every rank's `value`, in rank order (this rank's own included).
    func allGather<T: CollectivePayload>(_ value: T, label: String) throws -> [T]

    /// One ring hop: sends `value` to rank `(rank + 1) mod P` and returns the
    /// value of rank `(rank − 1) mod P`.
    func sendReceiveRing<T: CollectivePayload>(_ value: T, label: String) throws -> T

    /// Returns once every rank has called it.
    func barrier(label: String) throws
}

extension AnyTensor: CollectivePayload {
    public var elementCount: Int { count }
    public var byteCount: Int { count * dtype.byteWidth }
    public func detachedCopy() -> AnyTensor { rowCopy() }
}

extension Tensor: CollectivePayload {
    public var elementCount: Int { count }
    public var byteCount: Int { count * MemoryLayout<Element>.stride }
    public func detachedCopy() -> Tensor { rowCopy() }
}

/// Integer metadata (lengths, document ids) moved as 32-bit integers.
public struct IntegerVector: CollectivePayload, Equatable {
    public var values: [Int32]
    public init(_ values: [Int32]) { self.values = values }
    public var elementCount: Int { values.count }
    public var byteCount: Int { values.count * MemoryLayout<Int32>.stride }
    public func detachedCopy() -> IntegerVector { IntegerVector(Array(values)) }
}
