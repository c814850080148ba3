/// How P ranks split n items (tokens or heads): rank i takes
/// `offsets[i] ..< offsets[i] + sizes[i]`, in rank order, without gaps.
public struct Partition: Sendable, Equatable, CustomStringConvertible {
    public let sizes: [Int]
    public let offsets: [Int]

    public init(sizes: [Int]) {
        precondition(sizes.allSatisfy { $0 >= 0 }, "partition sizes must not be negative: \(sizes)")
        self.sizes = sizes
        offsets = sizes.reduce(into: [0]) { $0.append($0.last! + $1) }.dropLast()
    }

    /// The balanced split `sizes[i] = ⌊n/P⌋ + (i < n mod P ? 1 : 0)`: the first
    /// `n mod P` ranks take one more item. It is numpy's `array_split` and
    /// DeepSpeed's `get_shard_size_list` (not `torch.chunk`, whose ceil-sized
    /// parts leave the last rank short or empty).
    public static func balanced(_ n: Int, parts: Int) -> Partition {
        precondition(n >= 0 && parts >= 1, "cannot split \(n) items over \(parts) ranks")
        return Partition(sizes: (0 ..< parts).map { n / parts + ($0 < n % parts ? 1 : 0) })
    }

    public var count: Int { sizes.count }
    public var total: Int { sizes.reduce(0, +) }
    public var isEven: Bool { Set(sizes).count <= 1 }
    public func range(_ i: Int) -> Range<Int> { offsets[i] ..< offsets[i] + sizes[i] }

    /// This partition with every size multiplied by `factor` (q heads from kv heads).
    public func scaled(by factor: Int) -> Partition { Partition(sizes: sizes.map { $0 * factor }) }

    public var description: String { "\(sizes)" }
}
