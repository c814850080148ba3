import AttestConformance
import AttestCore
import AttestReference
import AttestReport
import Foundation
import AttestTestSupport
import Testing

/// Report folders of real runs: written by the registered renderers, read
/// back, verified, tampered with, merged (`AttestReport`).
struct ReportFilesTests {
    var profiles: URL { Repository.profiles }

    @Test func verifyAcceptsAnUntouchedReportAndDetectsTampering() throws {
        let dir = Fixture.temporaryDirectory()
        let run = try Fixture.run(ReferenceAttention(), profile: "smoke")
        try ReportFolder.write(run, to: dir)
        let read = try ReportFolder.read(dir)
        #expect(read.certificate.verdict == .certified && read.certificate.results.lines == read.certificate.profile.caseCount)
        #expect(read.run.results == run.results && read.run.configuration == run.configuration && read.run.policy == run.policy)
        #expect(ReportVerifier.verify(read, profiles: profiles) == [])
        // Tamper: one result's error changed.
        let url = dir.appendingPathComponent(ResultsJSONL.fileName)
        let original = try String(contentsOf: url, encoding: .utf8)
        try original.replacingOccurrences(of: "\"max_abs\":0", with: "\"max_abs\":1", options: [], range: nil)
            .replacingOccurrences(of: "\"verdict\":\"PASS\"", with: "\"verdict\":\"FAIL\"", options: [],
                                  range: original.range(of: "\"verdict\":\"PASS\""))
            .write(to: url, atomically: true, encoding: .utf8)
        let problems = ReportVerifier.verify(try ReportFolder.read(dir), profiles: profiles)
        #expect(problems.contains { $0.contains("SHA-256") }, "\(problems)")
        #expect(problems.contains { $0.contains("counts") }, "\(problems)")
        #expect(problems.contains { $0.contains("verdict") }, "\(problems)")
        // Tamper: a case dropped and the hash updated to match.
        let lines = original.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        try lines.write(to: url, atomically: true, encoding: .utf8)
        var cert = try ReportFolder.read(dir).certificate
        cert.results.sha256 = Hashing.sha256(Data(lines.utf8))
        cert.results.lines -= 1
        try CertificateJSON.data(cert).write(to: dir.appendingPathComponent(CertificateJSON.fileName))
        let dropped = ReportVerifier.verify(try ReportFolder.read(dir), profiles: profiles)
        #expect(dropped.contains { $0.contains("not exactly") }, "\(dropped)")
    }

    /// The certificate names the policy that judged the run, and verify holds
    /// it against the policy this build judges with.
    @Test func theRecordedPolicyIsTheOneThatJudged() throws {
        var strict = TolerancePolicy.current
        strict.id = "attest-tolerance/strict-test"
        strict.rules = strict.rules.mapValues { TolerancePolicy.Rule(factor: $0.factor / 2, floorUnits: $0.floorUnits) }
        let run = Certification.run(kernel: ReferenceAttention(), profile: try Fixture.profile("smoke"),
                                    selection: RunSelection(queries: ["fwd:gen:"]), cache: sharedCache, policy: strict, jobs: 2)
        #expect(run.policy == PolicyRecord(strict) && run.policy.policy == strict)
        let bounds = run.results.flatMap(\.errors).filter { $0.tensor == "o" }.map(\.bound)
        let current = Certification.run(kernel: ReferenceAttention(), profile: try Fixture.profile("smoke"),
                                        selection: RunSelection(queries: ["fwd:gen:"]), cache: sharedCache, jobs: 2)
        let currentBounds = current.results.flatMap(\.errors).filter { $0.tensor == "o" }.map(\.bound)
        #expect(bounds.count == currentBounds.count && zip(bounds, currentBounds).allSatisfy { $0 <= $1 }
                && zip(bounds, currentBounds).contains { $0 < $1 }, "the strict policy judged the cases")
        let dir = Fixture.temporaryDirectory()
        try ReportFolder.write(run, to: dir)
        let read = try ReportFolder.read(dir)
        #expect(read.certificate.tolerancePolicy.id == strict.id && read.certificate.tolerancePolicy.sha256 == strict.sha256)
        #expect(read.run.policy.policy == nil, "this build does not know the strict test policy")
        let problems = ReportVerifier.verify(read, profiles: profiles)
        #expect(problems == ["tolerance policy \(strict.id) (\(strict.sha256.prefix(12))) is not this build's "
                + "\(TolerancePolicy.current.id) (\(TolerancePolicy.current.sha256.prefix(12)))"])
    }

    @Test func shardsMergeIntoTheSingleRun() throws {
        let single = try Fixture.run(ReferenceAttention(), profile: "smoke")
        let root = Fixture.temporaryDirectory()
        var shards: [ReportFolder] = []
        for i in 1 ... 3 {
            let shard = try Fixture.run(ReferenceAttention(), profile: "smoke", selection: RunSelection(shard: Shard(index: i, count: 3)))
            #expect(shard.verdict == .partial)
            let dir = root.appendingPathComponent("shard-\(i)")
            try ReportFolder.write(shard, to: dir)
            let folder = try ReportFolder.read(dir)
            #expect(ReportVerifier.verify(folder, profiles: profiles) == [])
            shards.append(folder)
        }
        let merged = try ReportMerger.merge(shards, profiles: profiles, command: "attest merge (test)")
        #expect(merged.verdict == single.verdict && merged.verdict == .certified && merged.selection.shard == nil)
        #expect(merged.command == "attest merge (test)" && merged.timing.mergedFrom == shards.map(\.directory.path))
        try ReportFolder.write(merged, to: root.appendingPathComponent("merged"))
        let read = try ReportFolder.read(root.appendingPathComponent("merged"))
        #expect(read.run.results.map(\.timeless) == single.results.map(\.timeless))
        #expect(ReportVerifier.verify(read, profiles: profiles) == [])
        // A missing shard is refused.
        #expect(throws: ConformanceError.self) {
            try ReportMerger.merge(Array(shards.prefix(2)), profiles: profiles, command: "attest merge (test)")
        }
    }

    @Test func interruptedWriteLeavesNoPartialFile() throws {
        struct Interrupted: Error {}
        let dir = Fixture.temporaryDirectory()
        let target = dir.appendingPathComponent("certificate.json")
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(Data("{\"half\":".utf8), to: target) { _ in throw Interrupted() }
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
        try AtomicFile.write(Data("old\n".utf8), to: target)
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(Data("new but trunc".utf8), to: target) { temp in
                #expect(FileManager.default.fileExists(atPath: temp.path))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["certificate.json"])
    }
}
