import AttestCore
import AttestTensor
import Foundation

/// What an external kernel declares with `COMMAND --capabilities`: the JSON
/// object of `docs/external-kernels.md` §2, version 1, checked strictly (an
/// unknown key, feature or element type is an error, never "unsupported").
public struct ExternalDeclaration: Sendable, Equatable {
    /// The protocol versions this build speaks.
    public static let protocolVersions = [1]

    public var protocolVersion: Int
    public var name: String
    public var capabilities: KernelCapabilities
    /// The element type lse is written in (float64 or float32); nil without the feature `lse`:
    /// the capabilities' `lsePrecision`, which the tolerance policy judges lse in.
    public var lseType: DType? { capabilities.lsePrecision }
    public var kitName: String?
    public var kitVersion: String?
    /// The JSON text as printed (trimmed).
    public var json: String

    /// Parses and checks `json`; `defaultName` is used when it has no `name`.
    public init(json text: String, defaultName: String) throws(ExternalKernelError) {
        json = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let raw: RawDeclaration
        do {
            raw = try JSONDecoder().decode(RawDeclaration.self, from: Data(json.utf8))
        } catch let e as ExternalKernelError {
            throw e
        } catch let e as DecodingError {
            throw ExternalKernelError("the capabilities JSON is invalid: \(Self.describe(e))")
        } catch {
            throw ExternalKernelError("the capabilities JSON is invalid: \(error)")
        }
        protocolVersion = raw.protocolVersion
        guard Self.protocolVersions.contains(protocolVersion) else {
            throw ExternalKernelError("the capabilities declare protocol_version \(protocolVersion); this attest speaks \(Self.protocolVersions.map(String.init).joined(separator: ", "))")
        }
        name = raw.name ?? defaultName
        guard (1 ... 64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw ExternalKernelError("capabilities: name must be 1 to 64 characters of A-Z a-z 0-9 . _ -, got \(name.debugDescription)")
        }
        let dtypes = try Self.unique(raw.dtypes, "dtypes") { text in DType.allCases.first(where: { $0.shortName == text }) }
        guard !dtypes.isEmpty else { throw ExternalKernelError("capabilities: dtypes must list at least one element type") }
        let features = try Self.unique(raw.features, "features") { AttentionFeature(rawValue: $0) }
        guard let policy = FullyMaskedRowPolicy(rawValue: raw.fullyMaskedRows) else {
            throw ExternalKernelError("capabilities: fully_masked_rows must be zero or nan, got \(raw.fullyMaskedRows.debugDescription)")
        }
        if let m = raw.maxHeadDim, m < 1 { throw ExternalKernelError("capabilities: max_head_dim must be >= 1 or null, got \(m)") }
        let lseType: DType?
        switch (features.contains(.logSumExp), raw.lseDType) {
        case (true, nil): throw ExternalKernelError("capabilities: lse_dtype (f64 or f32) is required with the feature lse")
        case (false, _?): throw ExternalKernelError("capabilities: lse_dtype is given but the features do not list lse")
        case let (true, text?):
            guard let t = [DType.float64, .float32].first(where: { $0.shortName == text }) else {
                throw ExternalKernelError("capabilities: lse_dtype must be f64 or f32, got \(text.debugDescription)")
            }
            lseType = t
        case (false, nil): lseType = nil
        }
        if let kit = raw.kit {
            for (key, value) in [("name", kit.name), ("version", kit.version)] {
                guard (1 ... 128).contains(value.count), value.allSatisfy({ $0.isASCII && !$0.isNewline && $0 != "\t" }) else {
                    throw ExternalKernelError("capabilities: kit.\(key) must be 1 to 128 printable ASCII characters, got \(value.debugDescription)")
                }
            }
        }
        kitName = raw.kit?.name
        kitVersion = raw.kit?.version
        capabilities = KernelCapabilities(dtypes: Set(dtypes), features: Set(features), fullyMaskedRows: policy,
                                          deterministic: raw.deterministic, maxHeadDim: raw.maxHeadDim, lsePrecision: lseType)
    }

    private static func unique<T: Hashable>(_ names: [String], _ key: String, _ parse: (String) -> T?) throws(ExternalKernelError) -> [T] {
        var seen: Set<T> = []
        var out: [T] = []
        for name in names {
            guard let value = parse(name) else {
                let known = key == "dtypes" ? DType.allCases.map(\.shortName) : AttentionFeature.allCases.map(\.rawValue)
                throw ExternalKernelError("capabilities: \(key) holds unknown name \(name.debugDescription); known: \(known.joined(separator: ", "))")
            }
            guard seen.insert(value).inserted else { throw ExternalKernelError("capabilities: \(key) lists \(name) twice") }
            out.append(value)
        }
        return out
    }

    /// A decoding error as one sentence naming the key.
    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String { c.isEmpty ? "the top level" : "key " + c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") }
        switch e {
        case let .typeMismatch(type, c): return "\(path(c.codingPath)) must be \(Self.typeName(type))"
        case let .valueNotFound(type, c): return "\(path(c.codingPath)) must be \(Self.typeName(type)), not null"
        case let .keyNotFound(key, c): return "required key \(key.stringValue) is missing\(c.codingPath.isEmpty ? "" : " in \(path(c.codingPath))")"
        case let .dataCorrupted(c): return c.codingPath.isEmpty ? "not one JSON object (\(c.underlyingError.map { "\($0)" } ?? c.debugDescription))" : "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "true or false"
        case is Int.Type: "an integer"
        case is String.Type: "a string"
        case is [String].Type: "an array of strings"
        default: "a JSON object"
        }
    }
}

/// The JSON object as decoded, before its values are checked.
private struct RawDeclaration: Decodable {
    var protocolVersion: Int
    var name: String?
    var dtypes: [String]
    var features: [String]
    var fullyMaskedRows: String
    var deterministic: Bool
    var maxHeadDim: Int?
    var lseDType: String?
    var kit: Kit?

    struct Kit: Decodable {
        var name: String
        var version: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            try Key.rejectUnknown(c, known: ["name", "version"], in: "kit")
            name = try c.decode(String.self, forKey: Key("name"))
            version = try c.decode(String.self, forKey: Key("version"))
        }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        try Key.rejectUnknown(c, known: ["protocol_version", "name", "dtypes", "features", "fully_masked_rows",
                                         "deterministic", "max_head_dim", "lse_dtype", "kit"], in: nil)
        protocolVersion = try c.decode(Int.self, forKey: Key("protocol_version"))
        name = try c.decodeIfPresent(String.self, forKey: Key("name"))
        dtypes = try c.decode([String].self, forKey: Key("dtypes"))
        features = try c.decode([String].self, forKey: Key("features"))
        fullyMaskedRows = try c.decode(String.self, forKey: Key("fully_masked_rows"))
        deterministic = try c.decode(Bool.self, forKey: Key("deterministic"))
        maxHeadDim = try c.decodeIfPresent(Int.self, forKey: Key("max_head_dim"))
        lseDType = try c.decodeIfPresent(String.self, forKey: Key("lse_dtype"))
        kit = try c.decodeIfPresent(Kit.self, forKey: Key("kit"))
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        static func rejectUnknown(_ c: KeyedDecodingContainer<Key>, known: Set<String>, in parent: String?) throws {
            if let bad = c.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
                throw ExternalKernelError("the capabilities JSON has unknown key \(bad.debugDescription)\(parent.map { " in \($0)" } ?? ""); known keys: \(known.sorted().joined(separator: ", "))")
            }
        }
    }
}
