/// Which part of a profile a run executes, and with which seeds.
///
/// - `seed`: added to the `seed` of every generated and property case id
///   (golden fixture ids are fixed), so `--seed 3` runs the same profile on
///   new random problems; the certificate records it.
/// - `queries`: keep only ids matching any query (`CaseQuery`); a run with a
///   query is partial and cannot certify.
/// - `shard`: keep the ids at positions k (in profile order) with
///   k % count == index - 1; a shard is partial until `attest merge` joins all.
public struct RunSelection: Sendable, Codable, Equatable {
    /// In `seeds`; checked by `attest certify` and when a certificate is read.
    public var seed: Int
    public var queries: [String]
    public var shard: Shard?

    public init(seed: Int = 0, queries: [String] = [], shard: Shard? = nil) {
        self.seed = seed
        self.queries = queries
        self.shard = shard
    }

    /// The seeds a run may add: -2^53 ... 2^53, every one exact as a JSON
    /// number in any reader (a certificate's `selection.seed` must replay).
    /// A case's seed plus this offset wraps in two's complement
    /// (`CaseSpec.reseeded`), which is deterministic, so the recorded seed
    /// always selects the same ids.
    public static let seeds = -(1 << 53) ... (1 << 53)

    /// A run of the whole profile (any seed) can certify; a query or shard cannot.
    public var isPartial: Bool { !queries.isEmpty || shard != nil }

    /// The cases this selection executes from `profile`, in profile order.
    public func cases(from profile: [CaseSpec]) -> [CaseSpec] {
        select(profile.map { $0.reseeded(by: seed) }, id: \.id)
    }

    /// The ids this selection executes from `profile`, in profile order
    /// (an id that does not parse is kept as it is, never reseeded).
    public func ids(from profile: [String]) -> [String] {
        select(profile.map { RunSelection.reseeded($0, by: seed) }, id: { $0 })
    }

    /// The shard, then the queries, over already reseeded items.
    private func select<Item>(_ seeded: [Item], id: (Item) -> String) -> [Item] {
        let sharded = shard.map { s in seeded.enumerated().filter { $0.offset % s.count == s.index - 1 }.map(\.element) } ?? seeded
        let queries = self.queries.map(CaseQuery.init)
        guard !queries.isEmpty else { return sharded }
        return sharded.filter { item in queries.contains { $0.matches(id(item)) } }
    }

    /// `id` with its seed moved by `offset` (generated and property cases only, `CaseSpec.reseeded`).
    public static func reseeded(_ id: String, by offset: Int) -> String {
        guard offset != 0, let spec = try? CaseSpec(parsing: id) else { return id }
        return spec.reseeded(by: offset).id
    }
}

/// `i/n`: the i-th of n shards, 1 <= i <= n.
public struct Shard: Sendable, Codable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1 ... count).contains(index), "shard \(index)/\(count) must satisfy 1 <= i <= n")
        self.index = index
        self.count = count
    }

    /// Parses `i/n`; throws `ConformanceError.badShard` naming the text.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1 ... n).contains(i) else {
            throw ConformanceError.badShard(text)
        }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    enum CodingKeys: String, CodingKey { case index, count }

    /// Decodes `{"index": i, "count": n}`, refusing anything but 1 <= i <= n
    /// (a tampered certificate's shard is a decoding error naming the values).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let index = try c.decode(Int.self, forKey: .index), count = try c.decode(Int.self, forKey: .count)
        guard count >= 1, (1 ... count).contains(index) else {
            throw DecodingError.dataCorruptedError(forKey: .count, in: c,
                                                   debugDescription: "shard \(index)/\(count) must satisfy 1 <= index <= count")
        }
        self.init(index: index, count: count)
    }
}
