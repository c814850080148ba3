import Foundation

/// Reading and writing a report folder: `results.jsonl` (one `CaseResult`
/// per line, sorted keys) and `certificate.json` (pretty, sorted keys).
/// Both are written atomically: the bytes go to a temporary file in the same
/// folder, which is then renamed over the target (rename(2) is atomic), and
/// the certificate is written last, so an interrupted run never leaves a
/// truncated file or a certificate without its results.
public enum ReportFiles {
    public static let resultsName = "results.jsonl"
    public static let certificateName = "certificate.json"

    static func encoder(pretty: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// The bytes of `results.jsonl`.
    public static func resultsData(_ results: [CaseResult]) throws -> Data {
        let e = encoder(pretty: false)
        var data = Data()
        for r in results {
            data.append(try e.encode(r))
            data.append(0x0A)
        }
        return data
    }

    public static func certificateData(_ certificate: Certificate) throws -> Data {
        var d = try encoder(pretty: true).encode(certificate)
        d.append(0x0A)
        return d
    }

    /// Writes both files into `directory` (created if needed): results first, certificate last.
    public static func write(results: Data, certificate: Certificate, to directory: URL,
                             beforeRename: (URL) throws -> Void = { _ in }) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AtomicFile.write(results, to: directory.appendingPathComponent(resultsName), beforeRename: beforeRename)
        try AtomicFile.write(try certificateData(certificate), to: directory.appendingPathComponent(certificateName),
                             beforeRename: beforeRename)
    }

    public static func readResults(_ directory: URL) throws -> (data: Data, results: [CaseResult]) {
        let url = directory.appendingPathComponent(resultsName)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ConformanceError.io("cannot read \(url.path)") }
        var results: [CaseResult] = []
        for (n, line) in data.split(separator: 0x0A).enumerated() {
            do { results.append(try decoder.decode(CaseResult.self, from: Data(line))) } catch {
                throw ConformanceError.io("\(url.path) line \(n + 1) is not a case result: \(error)")
            }
        }
        return (data, results)
    }

    public static func readCertificate(_ directory: URL) throws -> Certificate {
        let url = directory.appendingPathComponent(certificateName)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ConformanceError.io("cannot read \(url.path)") }
        do { return try decoder.decode(Certificate.self, from: data) } catch {
            throw ConformanceError.io("\(url.path) is not a certificate: \(error)")
        }
    }
}

/// Temporary file plus rename.
public enum AtomicFile {
    /// Writes `data` to a temporary file next to `url`, then renames it over
    /// `url`. `beforeRename` runs between the two (tests use it to simulate an
    /// interruption); if anything throws, the temporary file is removed and
    /// `url` keeps its previous content (or stays absent).
    public static func write(_ data: Data, to url: URL, beforeRename: (URL) throws -> Void = { _ in }) throws {
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temp.path, contents: data) else {
            throw ConformanceError.io("cannot create \(temp.path)")
        }
        do {
            try beforeRename(temp)
            guard rename(temp.path, url.path) == 0 else {
                throw ConformanceError.io("cannot rename \(temp.path) to \(url.path): errno \(errno)")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }
}
