import Foundation

extension ReportJSON {
    /// Decodes `T` from `data` like `decoder`, naming the field when Foundation
    /// cannot: its `JSONDecoder` reports a number that does not fit its field
    /// (9.3e18 or 1e308 where an `Int` belongs) as "not valid JSON" with no
    /// coding path. When `data` is valid JSON, each number in it is replaced by
    /// 0 in turn, and the first whose replacement ends that nameless failure is
    /// named: `ReportError.field("errors[0].nonfinite_mismatches", ...)`. The
    /// decode need not succeed after the replacement: 0 may be refused in its
    /// turn by a checking decoder (a shard count must be at least 1).
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do { return try decoder.decode(type, from: data) } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                throw DecodingError.dataCorrupted(context)
            }
            for (path, number) in numbers(in: json, at: "") {
                guard let fixed = try? JSONSerialization.data(withJSONObject: replacing(path[...], in: json), options: [.fragmentsAllowed]),
                      !failsWithoutAPath(type, from: fixed) else { continue }
                throw ReportError.field(String(path.map(\.description).joined().trimmingPrefix(".")), "the number \(number) does not fit this field")
            }
            throw DecodingError.dataCorrupted(context)
        }
    }

    /// Whether decoding `T` from `data` fails the way an unfitting number does:
    /// corrupted data with no coding path.
    private static func failsWithoutAPath<T: Decodable>(_ type: T.Type, from data: Data) -> Bool {
        do {
            _ = try decoder.decode(type, from: data)
            return false
        } catch let DecodingError.dataCorrupted(context) {
            return context.codingPath.isEmpty
        } catch {
            return false
        }
    }

    /// One step of a path into a JSON value.
    enum Step: CustomStringConvertible {
        case key(String), index(Int)
        var description: String {
            switch self {
            case let .key(k): ".\(k)"
            case let .index(n): "[\(n)]"
            }
        }
    }

    /// Every number of `value` with its path, in key order.
    static func numbers(in value: Any, at prefix: String) -> [([Step], NSNumber)] {
        if let object = value as? [String: Any] {
            return object.keys.sorted().flatMap { k in numbers(in: object[k]!, at: "").map { ([.key(k)] + $0.0, $0.1) } }
        }
        if let array = value as? [Any] {
            return array.enumerated().flatMap { n, v in numbers(in: v, at: "").map { ([.index(n)] + $0.0, $0.1) } }
        }
        if let number = value as? NSNumber, !(value is String) { return [([], number)] }
        return []
    }

    /// `value` with the number at `path` replaced by 0.
    static func replacing(_ path: ArraySlice<Step>, in value: Any) -> Any {
        guard let step = path.first else { return 0 }
        switch step {
        case let .key(k):
            guard var object = value as? [String: Any], let inner = object[k] else { return value }
            object[k] = replacing(path.dropFirst(), in: inner)
            return object
        case let .index(n):
            guard var array = value as? [Any], array.indices.contains(n) else { return value }
            array[n] = replacing(path.dropFirst(), in: array[n])
            return array
        }
    }
}
