import Foundation

/// `attest merge`: joins the report folders of shards 1/n … n/n of one run
/// into one folder with a full certificate. The shards must agree on profile,
/// seed, queries, kernel, preambles, policy and fixtures, and cover every
/// shard index exactly once.
public enum CertificateMerger {
    public static func merge(_ directories: [URL], into output: URL, profiles: URL = Profile.defaultDirectory) throws -> Certificate {
        guard !directories.isEmpty else { throw ConformanceError.usage("merge needs at least one shard folder") }
        let parts = try directories.map { (try ReportFiles.readCertificate($0), try ReportFiles.readResults($0).results) }
        let first = parts[0].0
        var problems: [String] = []
        for (n, (c, _)) in parts.enumerated() {
            let name = directories[n].path
            if c.profile != first.profile { problems.append("\(name): profile differs") }
            if c.selection.seed != first.selection.seed || c.selection.queries != first.selection.queries {
                problems.append("\(name): seed or queries differ")
            }
            if c.kernel != first.kernel || c.preambles != first.preambles { problems.append("\(name): kernel or preambles differ") }
            if c.tolerancePolicy != first.tolerancePolicy { problems.append("\(name): tolerance policy differs") }
            if c.fixtures != first.fixtures { problems.append("\(name): fixtures differ") }
        }
        let shards = parts.map(\.0.selection.shard)
        let count = shards.first??.count ?? 1
        let indices = shards.compactMap { $0?.index }.sorted()
        if shards.contains(where: { $0 == nil || $0!.count != count }) || indices != Array(1 ... count) {
            problems.append("the folders hold shards \(shards.map { $0?.description ?? "none" }), not 1/\(count) … \(count)/\(count) once each")
        }
        guard problems.isEmpty else { throw ConformanceError.verification(problems) }
        let profile = try Profile.load(named: first.profile.name, from: profiles)
        guard profile.sha256 == first.profile.sha256 else {
            throw ConformanceError.verification(["profile '\(profile.name)' changed since the shards ran"])
        }
        var selection = first.selection
        selection.shard = nil
        let expected = selection.ids(from: profile.ids)
        let byID = Dictionary(parts.flatMap(\.1).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let results = expected.compactMap { byID[$0] }
        let decision = CertificationDecision.decide(results: results, expected: expected, partial: selection.isPartial)
        let data = try ReportFiles.resultsData(results)
        var certificate = first
        certificate.verdict = decision.verdict
        certificate.reasons = decision.reasons
        certificate.selection = selection
        certificate.counts = Certificate.counts(results)
        certificate.results = .init(file: ReportFiles.resultsName, sha256: Hashing.sha256(data), lines: results.count)
        let starts = parts.map(\.0.run.startedUTC).sorted(), ends = parts.map(\.0.run.finishedUTC).sorted()
        certificate.run = .init(command: "attest merge " + directories.map(\.path).joined(separator: " "),
                                startedUTC: starts.first!, finishedUTC: ends.last!,
                                wallSeconds: parts.map(\.0.run.wallSeconds).reduce(0, +),
                                jobs: parts.map(\.0.run.jobs).max()!, mergedFrom: directories.map(\.path))
        try ReportFiles.write(results: data, certificate: certificate, to: output)
        return certificate
    }
}
