import AttestConformance
import AttestFixtures
import AttestReference
import AttestTestSupport
import Foundation
import Testing

/// A corrupted fixture file inside a certification run (`docs/certificate.md`,
/// "A corrupted fixture file"): its cases are HARNESS_ERROR naming the file,
/// the other files' cases still run and pass, and the run is INVALID.
@Suite struct CorruptFixtureRunTests {
    /// A copy of the shipped fixtures in a fresh temporary folder.
    func copiedFixtures() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-corrupt-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repository.fixtures, to: folder)
        return folder
    }

    /// The first `n` case ids of each named file of the shipped fixtures.
    func ids(_ files: [String], first n: Int) throws -> [String] {
        try files.flatMap { name in
            try FixtureFile(path: Repository.fixtures.appendingPathComponent(name).path).cases().prefix(n).map(\.id)
        }
    }

    /// Certifies the reference on a profile of `ids` with the golden fixtures of `folder`.
    func certify(_ ids: [String], fixtures folder: URL) throws -> CertificationRun {
        let profile = try Profile(name: "corrupt", text: ids.joined(separator: "\n") + "\n")
        return Certification.run(kernel: ReferenceAttention(), profile: profile, golden: try FixtureGoldenSource(directory: folder))
    }

    func expectOnlyTheCorruptFileFails(_ run: CertificationRun, corrupt: Set<String>, file: String,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.verdict == .invalid, "\(run.verdict)", sourceLocation: sourceLocation)
        #expect(run.reasons.contains { $0.contains(file) }, "\(run.reasons)", sourceLocation: sourceLocation)
        for r in run.results {
            if corrupt.contains(r.id) {
                #expect(r.verdict == .harnessError && (r.reason ?? "").contains(file), "\(r.id): \(r.verdict) \(r.reason ?? "")",
                        sourceLocation: sourceLocation)
            } else {
                #expect(r.verdict == .pass, "\(r.id): \(r.verdict) \(r.reason ?? "")", sourceLocation: sourceLocation)
            }
        }
    }

    /// masks.h5 cut to half its length cannot be opened: each of its cases
    /// names it, heads.h5's cases pass, and the manifest cannot be read, so the
    /// run is INVALID also when no selected case reads the file.
    @Test func aTruncatedFileFailsItsOwnCasesOnly() throws {
        let folder = try copiedFixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        let masks = folder.appendingPathComponent("masks.h5")
        let bytes = try Data(contentsOf: masks)
        try bytes.prefix(bytes.count / 2).write(to: masks)
        let corrupt = try ids(["masks.h5"], first: 2)
        let run = try certify(corrupt + ids(["heads.h5"], first: 2), fixtures: folder)
        expectOnlyTheCorruptFileFails(run, corrupt: Set(corrupt), file: masks.path)
        #expect(run.fixtures.files.isEmpty && (run.fixtures.unreadable ?? "").contains(masks.path), "\(run.fixtures)")
        let unrelated = try certify(try ids(["heads.h5"], first: 1), fixtures: folder)
        #expect(unrelated.verdict == .invalid && unrelated.results.allSatisfy { $0.verdict == .pass }, "\(unrelated.results)")
        #expect(unrelated.reasons.contains { $0.contains(masks.path) }, "\(unrelated.reasons)")
    }

    /// One flipped byte inside the stored o of masks.h5's first case: that
    /// case fails its dataset hash check and names the file; the file's other
    /// cases and heads.h5's pass.
    @Test func aFlippedByteInADatasetFailsThatCaseOnly() throws {
        let folder = try copiedFixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        let masks = folder.appendingPathComponent("masks.h5")
        let file = try FixtureFile(path: masks.path)
        let first = try #require(try file.cases().first)
        let o = try file.load(first).expectedOutput.scalars
        let needle = o.prefix(8).withUnsafeBytes { Data($0) }
        var bytes = try Data(contentsOf: masks)
        let at = try #require(bytes.firstRange(of: needle), "the stored o of \(first.id) is not contiguous in \(masks.path)")
        bytes[at.lowerBound + 3] ^= 0x10
        try bytes.write(to: masks)
        let run = try certify(try ids(["masks.h5"], first: 3) + ids(["heads.h5"], first: 1), fixtures: folder)
        expectOnlyTheCorruptFileFails(run, corrupt: [first.id], file: masks.path)
    }
}
