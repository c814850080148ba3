import AttestTestSupport
import Foundation
import Testing

/// Issue 9, item 3: inputs that crash libhdf5 1.10.8 itself
/// (`AttestFixturesTests/Data/fuzz-regressions/libhdf5-crashes/`, README
/// there) are read through the `attest` binary, which checks every file that
/// is not hash-verified in a supervised `attest fixture-worker` process. Each
/// must end with exit 1 and one FAIL line naming the file (`corrupt file:
/// ...` when libhdf5 crashed the worker, the reader's error when it did not;
/// the crash depends on what lies past libhdf5's buffer), never a signal.
@Suite struct LibHDF5CrashTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AttestFixturesTests/Data/fuzz-regressions/libhdf5-crashes")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".h5") }.sorted()
    }

    @Test func theInputsArePresent() {
        #expect(Self.inputs.count >= 6, "\(Self.inputs)")
    }

    @Test(arguments: inputs)
    func verifyReportsTheFileAsFailingWithoutASignal(_ name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        let ended = try AttestBinary.run(["fixtures", "verify", path])
        #expect(!ended.signaled && ended.status == 1, "\(name): status \(ended.status) signaled \(ended.signaled)\n\(ended.stderr)")
        #expect(ended.stdout.hasPrefix("FAIL \(path): "), "\(name): \(ended.stdout)")
    }

    /// The folder at once: one FAIL line per file, in name order, exit 1.
    @Test func verifyOfTheFolderNamesEveryFile() throws {
        let ended = try AttestBinary.run(["fixtures", "verify", Self.folder.path])
        #expect(!ended.signaled && ended.status == 1, "status \(ended.status)\n\(ended.stderr)")
        let fails = ended.stdout.split(separator: "\n")
        #expect(fails.count == Self.inputs.count && fails.allSatisfy { $0.hasPrefix("FAIL ") }, "one line per file: \(ended.stdout)")
        for (line, name) in zip(fails, Self.inputs) {
            #expect(line.hasPrefix("FAIL \(Self.folder.appendingPathComponent(name).path): "), "\(line)")
        }
    }

    /// A certification whose fixture folder holds a libhdf5-crashing file in
    /// place of heads.h5: heads' cases are HARNESS_ERROR naming the file, the
    /// other files' cases pass, the run is INVALID (exit 2) with a certificate.
    @Test func aCertificationOverACrashingFileGoesOn() throws {
        let fixtures = FileManager.default.temporaryDirectory.appendingPathComponent("attest-crash-fx-\(UUID().uuidString)")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("attest-crash-out-\(UUID().uuidString)")
        defer { for f in [fixtures, out] { try? FileManager.default.removeItem(at: f) } }
        try FileManager.default.copyItem(at: Repository.fixtures, to: fixtures)
        let heads = fixtures.appendingPathComponent("heads.h5")
        try FileManager.default.removeItem(at: heads)
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("campaign-m02097-heads-attribute-decode.h5"), to: heads)
        let ended = try AttestBinary.run([
            "certify", "--kernel", "reference", "--profile", "standard", "--query", "fwd:golden:heads", "--query", "fwd:golden:varlen",
            "--jobs", "2", "--plain", "--profiles", Repository.profiles.path, "--out", out.path,
        ], environment: ["ATTEST_FIXTURES": fixtures.path])
        #expect(!ended.signaled && ended.status == 2, "status \(ended.status)\n\(ended.stdout)\n\(ended.stderr)")
        let lines = try String(contentsOf: out.appendingPathComponent("results.jsonl"), encoding: .utf8).split(separator: "\n")
        let results = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(results.count == 23, "\(results.count) results")
        for r in results {
            let id = r["id"] as? String ?? "", verdict = r["verdict"] as? String ?? "", reason = r["reason"] as? String ?? ""
            if id.hasPrefix("fwd:golden:heads:") {
                #expect(verdict == "HARNESS_ERROR" && reason.contains(heads.path), "\(id): \(verdict) \(reason)")
            } else {
                #expect(verdict == "PASS", "\(id): \(verdict) \(reason)")
            }
        }
        let certificate = try String(contentsOf: out.appendingPathComponent("certificate.json"), encoding: .utf8)
        #expect(certificate.contains("\"INVALID\""), "\(certificate.prefix(400))")
    }
}
