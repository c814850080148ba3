import AttestCore

/// A preamble that runs its core on simulated ranks and records what they
/// exchanged (Ulysses, ring): what `attest bench-stacks` reads to print each
/// rank's measured traffic beside the formula of `docs/parallel.md`, without
/// knowing the concrete preamble.
public protocol ShardedPreamble: AttentionPreamble {
    /// P, the number of simulated ranks.
    var world: Int { get }
    /// One ledger per forward call (per group when it runs inside another sharded preamble).
    var log: CommunicationLog { get }
    /// What one rank sends (= receives) for a call of `dims` (Sq = Skv) with
    /// q, k, v of `elementBytes` bytes each, per group of collective labels.
    func expectedTraffic(_ dims: AttentionDims, elementBytes: Int) -> [ExpectedTraffic]
    /// The sizes of the calls its core receives for a call of `dims`.
    func coreDims(_ dims: AttentionDims) -> AttentionDims
}

/// The traffic a sharded preamble's formula predicts for one rank.
public struct ExpectedTraffic: Sendable, Equatable {
    /// The collective labels it covers (`q`, `k`, `v`, `o`; `lse`; …).
    public var labels: [String]
    /// Elements each rank sends.
    public var elements: Double
    /// Bytes per element.
    public var elementBytes: Int
    /// The formula, as printed: `(P-1)*B*(S/P)*Hkv*(D+Dv)`.
    public var formula: String

    public init(labels: [String], elements: Double, elementBytes: Int, formula: String) {
        self.labels = labels
        self.elements = elements
        self.elementBytes = elementBytes
        self.formula = formula
    }

    public var bytes: Double { elements * Double(elementBytes) }
}

extension UlyssesPreamble: ShardedPreamble {
    /// q, k, v and o: `(P−1)/P²·B·S·(Hq·D + Hkv'·D + Hkv'·Dv + Hq·Dv)` with
    /// Hkv' = max(Hkv, P) (replicated kv heads), Sq = Skv = S; lse (float64):
    /// `(P−1)/P²·B·S·Hq`.
    public func expectedTraffic(_ d: AttentionDims, elementBytes: Int) -> [ExpectedTraffic] {
        let p = world
        let hkv = Double(d.keyValueHeads < p ? p : d.keyValueHeads)
        let f = Double(p - 1) / Double(p * p) * Double(d.batch * d.queryLength)
        return [
            ExpectedTraffic(labels: ["q", "k", "v", "o"],
                            elements: f * (Double(d.queryHeads * d.headDim) + hkv * Double(d.headDim + d.valueDim) + Double(d.queryHeads * d.valueDim)),
                            elementBytes: elementBytes, formula: "(P-1)/P^2*B*S*(Hq*D+2*Hkv'*D+Hq*Dv)"),
            ExpectedTraffic(labels: ["lse"], elements: f * Double(d.queryHeads), elementBytes: 8, formula: "(P-1)/P^2*B*S*Hq"),
        ]
    }

    /// Every token, the rank's share of the heads (even split).
    public func coreDims(_ d: AttentionDims) -> AttentionDims {
        var local = d
        local.queryHeads /= world
        local.keyValueHeads = max(local.keyValueHeads, world) / world
        return local
    }
}

extension RingPreamble: ShardedPreamble {
    /// k and v: `(P−1)·B·(S/P)·Hkv·(D + Dv)`.
    public func expectedTraffic(_ d: AttentionDims, elementBytes: Int) -> [ExpectedTraffic] {
        let p = world
        let elements = Double(p - 1) * Double(d.batch) * Double(d.keyLength) / Double(p) * Double(d.keyValueHeads * (d.headDim + d.valueDim))
        return [ExpectedTraffic(labels: ["k", "v"], elements: elements, elementBytes: elementBytes, formula: "(P-1)*B*(S/P)*Hkv*(D+Dv)")]
    }

    /// Every head, the rank's share of the tokens.
    public func coreDims(_ d: AttentionDims) -> AttentionDims {
        var local = d
        local.queryLength /= world
        local.keyLength /= world
        return local
    }
}
