/// How the ring preamble places tokens on its ranks (notes §4, §7.3).
public enum RingLayout: String, Sendable, CaseIterable {
    /// Rank r holds `Partition.balanced(S, P).range(r)`: contiguous, the first
    /// `S mod P` ranks one token more. Under causal masking rank r computes
    /// r + 1 blocks (unbalanced).
    case contiguous
    /// The sequence is cut into 2P equal chunks and rank r holds chunks r and
    /// 2P − 1 − r (Megatron's DualChunkSwap, ring-flash-attention's zigzag);
    /// needs `S % 2P == 0`. Under causal masking every rank computes the same
    /// number of score entries.
    case zigzag

    /// Global token indices rank `rank` of `world` holds for a sequence of
    /// `length` tokens, in the order the rank stores them.
    public func positions(rank: Int, world: Int, length: Int) -> [Int] {
        switch self {
        case .contiguous:
            return Array(Partition.balanced(length, parts: world).range(rank))
        case .zigzag:
            let chunk = length / (2 * world)
            let first = rank * chunk, second = (2 * world - 1 - rank) * chunk
            return Array(first ..< first + chunk) + Array(second ..< second + chunk)
        }
    }

    /// Throws when a sequence of `length` tokens (named `name`) cannot be laid out.
    func check(length: Int, world: Int, name: String) throws {
        switch self {
        case .contiguous:
            guard length >= world else {
                throw PlanRejection(reason: "\(name)=\(length) must be at least P=\(world): every rank needs one token")
            }
        case .zigzag:
            guard length % (2 * world) == 0 else {
                throw PlanRejection(reason: "zigzag needs \(name) % 2P == 0, got \(name)=\(length), P=\(world)")
            }
        }
    }
}
