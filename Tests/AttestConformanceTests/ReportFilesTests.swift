import AttestConformance
import AttestCore
import AttestReference
import Foundation
import Testing

struct ReportFilesTests {
    func write(_ run: CertificationRun, to dir: URL) throws -> Certificate {
        let data = try ReportFiles.resultsData(run.results)
        let c = Certification.certificate(for: run, resultsData: data, configuration: AttentionConfiguration(kernel: "reference"),
                                          capabilities: .complete, fixtures: .none, environment: .current(), command: "test", jobs: 2)
        try ReportFiles.write(results: data, certificate: c, to: dir)
        return c
    }

    var profiles: URL { SourceTree.root.appendingPathComponent("profiles") }

    @Test func verifyAcceptsAnUntouchedReportAndDetectsTampering() throws {
        let dir = Fixture.temporaryDirectory()
        let c = try write(try Fixture.run(ReferenceAttention(), profile: "smoke"), to: dir)
        #expect(c.verdict == .certified && c.results.lines == c.profile.caseCount)
        #expect(try CertificateVerifier.verify(dir, profiles: profiles) == [])
        // Tamper: one result's error changed.
        let url = dir.appendingPathComponent(ReportFiles.resultsName)
        let original = try String(contentsOf: url, encoding: .utf8)
        try original.replacingOccurrences(of: "\"max_abs\":0", with: "\"max_abs\":1", options: [], range: nil)
            .replacingOccurrences(of: "\"verdict\":\"PASS\"", with: "\"verdict\":\"FAIL\"", options: [],
                                  range: original.range(of: "\"verdict\":\"PASS\""))
            .write(to: url, atomically: true, encoding: .utf8)
        let problems = try CertificateVerifier.verify(dir, profiles: profiles)
        #expect(problems.contains { $0.contains("SHA-256") }, "\(problems)")
        #expect(problems.contains { $0.contains("counts") }, "\(problems)")
        #expect(problems.contains { $0.contains("verdict") }, "\(problems)")
        // Tamper: a case dropped and the hash updated to match.
        let lines = original.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        try lines.write(to: url, atomically: true, encoding: .utf8)
        var cert = try ReportFiles.readCertificate(dir)
        cert.results.sha256 = Hashing.sha256(try ReportFiles.readResults(dir).data)
        cert.results.lines -= 1
        try ReportFiles.certificateData(cert).write(to: dir.appendingPathComponent(ReportFiles.certificateName))
        let dropped = try CertificateVerifier.verify(dir, profiles: profiles)
        #expect(dropped.contains { $0.contains("not exactly") }, "\(dropped)")
    }

    @Test func shardsMergeIntoTheSingleRun() throws {
        let single = try Fixture.run(ReferenceAttention(), profile: "smoke")
        let root = Fixture.temporaryDirectory()
        var dirs: [URL] = []
        for i in 1 ... 3 {
            let shard = try Fixture.run(ReferenceAttention(), profile: "smoke", selection: RunSelection(shard: Shard(index: i, count: 3)))
            #expect(shard.verdict == .partial)
            let dir = root.appendingPathComponent("shard-\(i)")
            _ = try write(shard, to: dir)
            #expect(try CertificateVerifier.verify(dir, profiles: profiles) == [])
            dirs.append(dir)
        }
        let merged = try CertificateMerger.merge(dirs, into: root.appendingPathComponent("merged"), profiles: profiles)
        #expect(merged.verdict == single.verdict && merged.verdict == .certified && merged.selection.shard == nil)
        let results = try ReportFiles.readResults(root.appendingPathComponent("merged")).results
        #expect(results.map(\.timeless) == single.results.map(\.timeless))
        #expect(try CertificateVerifier.verify(root.appendingPathComponent("merged"), profiles: profiles) == [])
        // A missing shard is refused.
        #expect(throws: ConformanceError.self) {
            try CertificateMerger.merge(Array(dirs.prefix(2)), into: root.appendingPathComponent("bad"), profiles: profiles)
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

