/// The sizes of one attention problem. Legend used throughout Attest:
///
/// | name | meaning |
/// |------|---------|
/// | B    | batch size |
/// | Sq   | query sequence length |
/// | Skv  | key/value sequence length |
/// | Hq   | query heads |
/// | Hkv  | key/value heads (Hq % Hkv == 0; Hkv == 1 is MQA) |
/// | D    | query/key head size |
/// | Dv   | value head size (may differ from D) |
///
/// Layout is `[B, S, H, D]`: q `[B, Sq, Hq, D]`, k `[B, Skv, Hkv, D]`,
/// v `[B, Skv, Hkv, Dv]`, o `[B, Sq, Hq, Dv]`, lse `[B, Hq, Sq]`.
public struct AttentionDims: Sendable, Hashable, Codable, CustomStringConvertible {
    public var batch: Int
    public var queryLength: Int
    public var keyLength: Int
    public var queryHeads: Int
    public var keyValueHeads: Int
    public var headDim: Int
    public var valueDim: Int

    public init(batch: Int, queryLength: Int, keyLength: Int, queryHeads: Int,
                keyValueHeads: Int, headDim: Int, valueDim: Int) {
        self.batch = batch
        self.queryLength = queryLength
        self.keyLength = keyLength
        self.queryHeads = queryHeads
        self.keyValueHeads = keyValueHeads
        self.headDim = headDim
        self.valueDim = valueDim
    }

    /// The attention FLOP count `2 · B · Hq · Sq · Skv · (D + Dv)` (two GEMMs
    /// over every (query, key) pair, masked or not; 4·B·Hq·Sq·Skv·D when
    /// Dv = D), in float64 so that no size overflows.
    public var flops: Double {
        2 * Double(batch) * Double(queryHeads) * Double(queryLength) * Double(keyLength) * Double(headDim + valueDim)
    }

    /// Query heads that share one key/value head: `Hq / Hkv`.
    public var groupSize: Int { queryHeads / keyValueHeads }

    /// The key/value head that query head `h` reads: `h / (Hq / Hkv)`
    /// (repeat-interleave: query heads `0 ..< Hq/Hkv` read kv head 0, and so on).
    @inlinable public func keyValueHead(forQueryHead h: Int) -> Int { h / (queryHeads / keyValueHeads) }

    public var queryShape: [Int] { [batch, queryLength, queryHeads, headDim] }
    public var keyShape: [Int] { [batch, keyLength, keyValueHeads, headDim] }
    public var valueShape: [Int] { [batch, keyLength, keyValueHeads, valueDim] }
    public var outputShape: [Int] { [batch, queryLength, queryHeads, valueDim] }
    public var lseShape: [Int] { [batch, queryHeads, queryLength] }

    public var description: String {
        "B=\(batch) Sq=\(queryLength) Skv=\(keyLength) Hq=\(queryHeads) Hkv=\(keyValueHeads) D=\(headDim) Dv=\(valueDim)"
    }
}
