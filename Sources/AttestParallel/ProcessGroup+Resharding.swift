import AttestTensor

/// A tensor a collective can cut into blocks and join again.
protocol ShardableTensor: CollectivePayload {
    var shape: [Int] { get }
    func narrow(axis: Int, start: Int, length: Int) -> Self
    static func concatenating(_ parts: [Self], axis: Int) -> Self
    /// A contiguous copy sharing no storage (`Tensor+RowCopy.swift`).
    func rowCopy() -> Self
}

extension AnyTensor: ShardableTensor {}
extension Tensor: ShardableTensor {}

extension ProcessGroup {
    /// DeepSpeed's `_SeqAllToAll` for one tensor: cuts `x` along `splitAxis`
    /// into P blocks by `split` (block j = `split.range(j)`, sent to rank j),
    /// exchanges them (one all-to-all), and joins the received blocks along
    /// `gatherAxis` in source-rank order.
    ///
    /// seq→heads for `q [B, S_r, Hq, D]`: split axis 2 by the head partition,
    /// gather axis 1, giving `[B, S, Hq_r, D]`. heads→seq for `o [B, S, Hq_r, Dv]`:
    /// split axis 1 by the sequence partition, gather axis 2, giving `[B, S_r, Hq, Dv]`.
    func reshard<T: ShardableTensor>(_ x: T, splitAxis: Int, by split: Partition, gatherAxis: Int, label: String) throws -> T {
        T.concatenating(try exchangeBlocks(x, splitAxis: splitAxis, by: split, label: label), axis: gatherAxis)
    }

    /// The all-to-all of `reshard` without the final join: the received blocks in source-rank order.
    func exchangeBlocks<T: ShardableTensor>(_ x: T, splitAxis: Int, by split: Partition, label: String) throws -> [T] {
        precondition(split.count == worldSize && split.total == x.shape[splitAxis],
                     "\(label): partition \(split) does not cut axis \(splitAxis) of shape \(x.shape) into \(worldSize) blocks")
        let blocks = (0 ..< worldSize).map { x.narrow(axis: splitAxis, start: split.offsets[$0], length: split.sizes[$0]) }
        return try allToAll(blocks, label: label)
    }

    /// Every rank's `x` joined along `axis` in rank order (an all-gather).
    func gather<T: ShardableTensor>(_ x: T, axis: Int, label: String) throws -> T {
        T.concatenating(try allGather(x, label: label), axis: axis)
    }
}
