import AttestFixtures
import AttestTestSupport
import Foundation
import Testing

/// `ShippedFixtures` lists exactly the committed `fixtures/*.h5`, each with
/// the SHA-256 `sha256sum` computes (an implementation outside this package);
/// when it fails after `make fixtures`, run `tools/fixture-hashes.sh`.
@Suite struct ShippedFixturesTests {
    /// `sha256sum` of each shipped file, by file name.
    static func sha256sum() throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Repository.fixtures.path).filter { $0.hasSuffix(".h5") }.sorted()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = names.map { Repository.fixtures.appendingPathComponent($0).path }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var sums: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            sums[(String(parts[1]).trimmingCharacters(in: .whitespaces) as NSString).lastPathComponent] = String(parts[0])
        }
        #expect(sums.count == names.count, "sha256sum printed \(text)")
        return sums
    }

    @Test func theListMatchesTheCommittedFiles() throws {
        #expect(ShippedFixtures.sha256 == (try Self.sha256sum()), "stale: run tools/fixture-hashes.sh")
    }

    @Test func aShippedFileIsHashVerifiedWhateverItsName() throws {
        let copy = try TestData.temporaryPath("renamed.h5")
        try FileManager.default.copyItem(atPath: Repository.fixtures.appendingPathComponent("varlen.h5").path, toPath: copy)
        #expect(ShippedFixtures.isShipped(path: Repository.fixtures.appendingPathComponent("heads.h5").path))
        #expect(ShippedFixtures.isShipped(path: copy))
    }

    @Test func anyOtherFileIsNot() throws {
        let flipped = try TestData.temporaryPath("flipped.h5")
        var bytes = try Data(contentsOf: Repository.fixtures.appendingPathComponent("varlen.h5"))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: flipped))
        #expect(!ShippedFixtures.isShipped(path: flipped))
        #expect(!ShippedFixtures.isShipped(path: try TestData.path("schema_v1.h5")))
        #expect(!ShippedFixtures.isShipped(path: Repository.fixtures.path), "a folder")
        #expect(!ShippedFixtures.isShipped(path: "/dev/zero"), "a device")
        #expect(!ShippedFixtures.isShipped(path: "/no/such/file.h5"))
    }
}
