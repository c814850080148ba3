import ArgumentParser
import Foundation
import Testing
@testable import attest

/// `attest fixtures list|verify`: status lines, exit status, usage errors.
/// Uses the h5py-written files of AttestFixturesTests/Data.
@Suite struct FixturesCommandTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AttestFixturesTests/Data").path

    func path(_ name: String) -> String { (Self.data as NSString).appendingPathComponent(name) }

    @Test func verifyGoodFile() {
        let result = FixtureListing.verify(path("schema_v1.h5"))
        #expect(result == FixtureListing.Result(lines: ["ok  \(path("schema_v1.h5"))  5 cases"], allGood: true))
    }

    @Test func verifyFolderReportsEveryFileAndFails() throws {
        let result = FixtureListing.verify(Self.data)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.data).filter { $0.hasSuffix(".h5") }
        #expect(!result.allGood)
        #expect(result.lines.count == files.count, "\(result.lines)")
        #expect(result.lines.contains("ok  \(path("schema_v1.h5"))  5 cases"))
        #expect(result.lines.contains("FAIL \(path("bad_missing_dataset.h5")): case c0001: missing dataset 'v'"))
        #expect(result.lines.contains { $0.hasPrefix("FAIL \(path("bad_hash.h5")): case c0002: hash mismatch") })
        #expect(result.lines.allSatisfy { !$0.contains("\n") }, "one line per file")
    }

    @Test func listShowsEveryCase() {
        let result = FixtureListing.list(path("schema_v1.h5"))
        #expect(result.allGood && result.lines.count == 6)
        #expect(result.lines.first == "\(path("schema_v1.h5"))  family swifttest  schema v1  5 cases")
        #expect(result.lines[1].hasPrefix("  c0000  fwd:golden:swifttest:dtype=f32;"))
    }

    @Test func emptyFolderFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(FixtureListing.verify(folder) == FixtureListing.Result(lines: ["FAIL \(folder): no .h5 files"], allGood: false))
    }

    @Test(arguments: [["fixtures", "verify", "/no/such/path"], ["fixtures", "list", "/no/such/path"],
                      ["fixtures", "bogus"], ["fixtures", "verify", "a", "b"]])
    func usageErrorsExitWithTwo(_ arguments: [String]) {
        #expect(Attest.usageErrorCode == 2)
        do {
            _ = try Attest.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed without error")
        } catch {
            #expect(Attest.isUsageError(error), "\(arguments): \(error)")
        }
    }

    @Test func failingVerifyIsNotAUsageError() throws {
        var command = try Attest.parseAsRoot(["fixtures", "verify", "--in-process", path("bad_hash.h5")])
        do {
            try command.run()
            Issue.record("verify of a bad file succeeded")
        } catch {
            #expect(!Attest.isUsageError(error))
            #expect(Attest.exitCode(for: error) == .failure)
        }
    }
}
