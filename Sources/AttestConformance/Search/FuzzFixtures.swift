import AttestCore
import AttestFixtures
import Foundation

/// Writes fuzz findings as golden fixtures (schema version 1, family `fuzz`)
/// with `FixtureWriter`: the shrunk problem's inputs (contiguous, in its
/// element type), mask data, and the float64 reference's o and lse. Loading
/// the file and running the kernel on the stored call reproduces the
/// failure, unless it needed a strided layout (the description names the
/// layout and the problem seed that replays it).
public enum FuzzFixtures {
    /// Writes one file holding one case per finding; `configuration` names
    /// the kernel or stack in each description.
    public static func write(_ findings: [FuzzSearch.Finding], configuration: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        let writer = try FixtureWriter(path: url.path, family: "fuzz")
        for finding in findings {
            let problem = finding.shrunk
            let args = problem.arguments()
            let golden = try ReferenceGolden.compute(args)
            let fixture = FixtureCase(
                group: "", id: CaseSpec(.golden(family: "fuzz", module: false), problem.problemSpec(arguments: args)).id,
                kind: .forward, family: "fuzz",
                dtype: problem.dtype, dims: problem.dims, scale: args.effectiveScale, scaleIsDefault: problem.scale == nil,
                softcap: problem.softcap, causal: problem.causal, window: problem.window, seed: Int64(problem.seed),
                rng: "splitmix64", distribution: problem.distribution.rawValue,
                description: "attest fuzz: \(configuration) \(finding.verdict.rawValue) on layout=\(problem.layout.rawValue) "
                    + "(shrunk from problem seed \(finding.problemSeed)): \(finding.reason)")
            try writer.append(fixture, arguments: args, expectedOutput: golden.o, expectedLogSumExp: golden.lse)
        }
        try writer.finish(generator: "attest fuzz (Sources/AttestConformance/Search/FuzzFixtures.swift)")
    }
}
