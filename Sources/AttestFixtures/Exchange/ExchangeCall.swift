import AttestCore
import AttestTensor
import Crypto

/// One attention call sent to an external kernel: a group of the request file
/// of `docs/external-kernels.md` §3. `fingerprint` identifies its exact
/// inputs and parameters, so a response can be matched to a later identical
/// call.
public struct ExchangeCall: Sendable {
    /// The case the call belongs to (informative for the kernel).
    public var caseID: String
    public var arguments: AttentionArguments
    /// Whether the response must hold `lse`.
    public var writesLSE: Bool
    /// SHA-256 (hex) over every attribute and dataset of the call's group, in a fixed order.
    public let fingerprint: String
    let datasets: [ExchangeDataset]

    public init(caseID: String, arguments: AttentionArguments, writesLSE: Bool) {
        self.caseID = caseID
        self.arguments = arguments
        self.writesLSE = writesLSE
        datasets = ExchangeDataset.of(arguments)
        var hasher = SHA256()
        hasher.update(data: Array(ExchangeCall.attributeText(arguments, writesLSE: writesLSE).utf8))
        for d in datasets {
            hasher.update(data: Array("\n\(d.name) \(d.shape)\n".utf8))
            hasher.update(data: d.data.bytes)
        }
        fingerprint = hasher.finalize().map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// The group's attributes as text (`docs/external-kernels.md` §3): what the fingerprint hashes.
    static func attributeText(_ a: AttentionArguments, writesLSE: Bool) -> String {
        attributes(a, writesLSE: writesLSE).map { "\($0.name)=\($0.value)" }.joined(separator: ";")
    }

    /// Every attribute of a call group but `case_id`, in the order of the protocol's table.
    static func attributes(_ a: AttentionArguments, writesLSE: Bool) -> [(name: String, value: AttributeValue)] {
        let d = a.dims
        let w = a.mask.window
        var list: [(String, AttributeValue)] = [("dtype", .text(a.dtype.rawValue))]
        for (name, n) in [("B", d.batch), ("Sq", d.queryLength), ("Skv", d.keyLength), ("Hq", d.queryHeads),
                          ("Hkv", d.keyValueHeads), ("D", d.headDim), ("Dv", d.valueDim)] {
            list.append((name, .int(Int64(n))))
        }
        list += [
            ("scale", .double(a.effectiveScale)),
            ("scale_is_default", .int(a.scale == nil ? 1 : 0)),
            ("softcap", .double(a.softcap ?? 0)),
            ("causal", .text(a.mask.causal?.rawValue ?? "none")),
            ("window", .int(w == nil ? 0 : 1)),
            ("window_left", .int(Int64(w?.left ?? -1))),
            ("window_right", .int(Int64(w?.right ?? -1))),
            ("lse", .int(writesLSE ? 1 : 0)),
        ]
        return list.map { (name: $0.0, value: $0.1) }
    }

    enum AttributeValue: CustomStringConvertible {
        case text(String), int(Int64), double(Double)
        var description: String {
            switch self {
            case let .text(s): s
            case let .int(n): "\(n)"
            case let .double(x): "\(x.bitPattern)"
            }
        }
    }
}

/// One dataset of a call group: its name, shape and values in their stored type.
struct ExchangeDataset: Sendable {
    var name: String
    var shape: [Int]
    var data: ExchangeData

    /// q, k, v and every set parameter, in the order of the protocol's table.
    static func of(_ a: AttentionArguments) -> [ExchangeDataset] {
        var list = [ExchangeDataset(a.q, "q"), ExchangeDataset(a.k, "k"), ExchangeDataset(a.v, "v")]
        let m = a.mask
        func ints(_ name: String, _ values: [Int]) {
            list.append(ExchangeDataset(name: name, shape: [values.count], data: .int64(values.map(Int64.init))))
        }
        if let n = m.keyLengths { ints("key_lengths", n) }
        if let n = m.queryLengths { ints("query_lengths", n) }
        if let p = m.packed {
            ints("cu_seqlens_q", p.queryOffsets)
            ints("cu_seqlens_k", p.keyOffsets)
        }
        if let b = m.boolean {
            list.append(ExchangeDataset(name: "mask", shape: b.shape, data: .uint8(b.scalars.map { $0 ? 1 : 0 })))
        }
        if let bias = a.bias {
            let wide = bias.widened()
            list.append(ExchangeDataset(name: "bias", shape: wide.shape, data: .float64(wide.scalars)))
        }
        if let s = a.alibiSlopes { list.append(ExchangeDataset(name: "alibi_slopes", shape: [s.count], data: .float64(s))) }
        return list
    }

    init(name: String, shape: [Int], data: ExchangeData) {
        self.name = name
        self.shape = shape
        self.data = data
    }

    init(_ t: AnyTensor, _ name: String) {
        self.name = name
        shape = t.shape
        switch t {
        case let .float64(x): data = .float64(x.scalars)
        case let .float32(x): data = .float32(x.scalars)
        case let .float16(x): data = .float16(x.scalars)
        case let .bfloat16(x): data = .bfloat16(x.scalars)
        }
    }
}

/// Values in one of the stored types of the protocol, in C order.
enum ExchangeData: Sendable {
    case float64([Double]), float32([Float]), float16([Float16]), bfloat16([BFloat16]), int64([Int64]), uint8([UInt8])

    var bytes: [UInt8] {
        switch self {
        case let .float64(v): encode(v)
        case let .float32(v): encode(v)
        case let .float16(v): encode(v)
        case let .bfloat16(v): encode(v)
        case let .int64(v): encode(v)
        case let .uint8(v): v
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
