import AttestConformance
import Foundation

/// `attest merge`: joins the report folders of shards 1/n … n/n of one run
/// into one run with a full selection. The shards must agree on profile,
/// seed, queries, kernel, preambles, policy and fixtures, and cover every
/// shard index exactly once.
public enum ReportMerger {
    /// The merged run of `shards` (each read with `ReportFolder.read`), its
    /// profile read from the folder `profiles`, recording `command`. Throws
    /// `ConformanceError.verification` listing every disagreement.
    public static func merge(_ shards: [ReportFolder], profiles: URL, command: String) throws -> CertificationRun {
        guard let first = shards.first?.run else { throw ConformanceError.verification(["merge needs at least one shard folder"]) }
        var problems: [String] = []
        for shard in shards {
            let c = shard.run, name = shard.directory.path
            if c.profile != first.profile { problems.append("\(name): profile differs") }
            if c.selection.seed != first.selection.seed || c.selection.queries != first.selection.queries {
                problems.append("\(name): seed or queries differ")
            }
            if c.configuration != first.configuration || c.capabilities != first.capabilities {
                problems.append("\(name): kernel or preambles differ")
            }
            let e = c.external, f = first.external
            if e?.executableSHA256 != f?.executableSHA256 || e?.scriptSHA256 != f?.scriptSHA256
                || e?.declaredCapabilities != f?.declaredCapabilities {
                problems.append("\(name): the external kernel's executable, script or declaration differs")
            }
            if c.policy != first.policy { problems.append("\(name): tolerance policy differs") }
            if c.fixtures != first.fixtures { problems.append("\(name): fixtures differ") }
        }
        let parts = shards.map(\.run.selection.shard)
        let count = parts.first??.count ?? 1
        let indices = parts.compactMap { $0?.index }.sorted()
        // The index count is compared first, so a tampered count (1/10^18) never builds 1 ... count.
        if parts.contains(where: { $0 == nil || $0!.count != count }) || indices.count != count || indices != Array(1 ... count) {
            problems.append("the folders hold shards \(parts.map { $0?.description ?? "none" }), not 1/\(count) … \(count)/\(count) once each")
        }
        guard problems.isEmpty else { throw ConformanceError.verification(problems) }
        let profile = try Profile.load(named: first.profile.name, from: profiles)
        guard profile.sha256 == first.profile.sha256 else {
            throw ConformanceError.verification(["profile '\(profile.name)' changed since the shards ran"])
        }
        var selection = first.selection
        selection.shard = nil
        let expected = selection.ids(from: profile.ids)
        let byID = Dictionary(shards.flatMap(\.run.results).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let results = expected.compactMap { byID[$0] }
        var merged = first
        merged.selection = selection
        merged.results = results
        merged.decision = CertificationDecision.decide(results: results, expected: expected, partial: selection.isPartial)
        merged.command = command
        let timings = shards.map(\.run.timing)
        merged.timing = .init(started: timings.map(\.started).min()!, finished: timings.map(\.finished).max()!,
                              wallSeconds: timings.map(\.wallSeconds).reduce(0, +), jobs: timings.map(\.jobs).max()!,
                              mergedFrom: shards.map(\.directory.path))
        return merged
    }
}
