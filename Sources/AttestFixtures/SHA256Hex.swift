import Crypto

/// Lower-case hex SHA-256, the form of the fixtures' `sha256` and `manifest_sha256` attributes.
enum SHA256Hex {
    static func of<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(bytes)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The manifest text, one `"<path> <sha256>\n"` line per dataset sorted by
    /// path (byte order), and its hash.
    static func manifest(_ hashes: [String: String]) -> String {
        let text = hashes.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { "\($0) \(hashes[$0]!)\n" }.joined()
        return of(Array(text.utf8))
    }
}
