import ArgumentParser
import AttestReport
import Foundation
import Testing
@testable import attest

/// Issue 9, item 6: every numeric option, and every value read back from a
/// report folder, is range-checked. Each trap ends as a usage error (exit 2,
/// `Attest.main`) whose message names the bad value, never a signal
/// (`docs/reliability.md`, "Arguments and report folders").
@Suite struct ArgumentTrapTests {
    static let profiles = CertifyCommandTests.profiles

    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("attest-traps-\(UUID().uuidString)").path
    }

    /// Parses and runs `attest <arguments>` in process and expects a usage
    /// error (exit 2) whose message holds every string of `naming`.
    func expectUsageError(_ arguments: [String], naming: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            var command = try Attest.parseAsRoot(arguments)
            try command.run()
            Issue.record("attest \(arguments.joined(separator: " ")) ended without an error", sourceLocation: sourceLocation)
        } catch {
            let message = Attest.fullMessage(for: error)
            #expect(Attest.isUsageError(error), "attest \(arguments.joined(separator: " ")): \(error)", sourceLocation: sourceLocation)
            for text in naming {
                #expect(message.contains(text), "'\(text)' not in: \(message)", sourceLocation: sourceLocation)
            }
        }
    }

    /// A certify that would run a single smoke case if its check were missing.
    func certify(_ extra: [String], profile: String = "smoke") -> [String] {
        ["certify", "--kernel", "reference", "--profile", profile, "--shard", "1/26", "--plain", "--in-process", "--out", temporaryFolder(),
         "--profiles", Self.profiles] + extra
    }

    @Test(arguments: ["9223372036854775807", "9007199254740993"])
    func aSeedOutsideTheExactRangeIsRefused(_ seed: String) {
        expectUsageError(certify(["--seed", seed]), naming: ["--seed", seed])
        expectUsageError(["cases", "--profile", "smoke", "--profiles", Self.profiles, "--seed", seed], naming: ["--seed", seed])
    }

    /// The largest accepted seed is recorded, and the certificate it wrote verifies: the recorded seed replays.
    @Test func theLargestSeedReplays() throws {
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let arguments = ["--kernel", "reference", "--profile", "smoke", "--shard", "1/26", "--seed", "9007199254740992",
                         "--plain", "--in-process", "--out", out, "--profiles", Self.profiles]
        #expect(throws: ExitCode(0)) { try Certify.parse(arguments).run() }
        let folder = try ReportFolder.read(URL(fileURLWithPath: out))
        #expect(folder.run.selection.seed == 1 << 53)
        #expect(folder.run.results.count == 1 && folder.run.results[0].id.hasSuffix(";seed=9007199254740992"), "\(folder.run.results.map(\.id))")
        try Verify.parse([out, "--profiles", Self.profiles]).run()
    }

    @Test(arguments: ["timeout=1e300", "timeout=-1", "timeout=nan", "timeout=inf", "timeout=0", "world=0",
                      "world=1000000", "world=9223372036854775807"])
    func aPreambleParameterOutOfRangeIsRefused(_ parameter: String) {
        let spec = parameter.hasPrefix("world") ? "ulysses:\(parameter)" : "ulysses:world=2,\(parameter)"
        let value = String(parameter.split(separator: "=")[1])
        expectUsageError(certify(["--preamble", spec]), naming: [String(parameter.split(separator: "=")[0]), "'\(value)'"])
    }

    @Test(arguments: ["inf", "nan", "-1", "0", "1e300"])
    func fuzzSecondsOutOfRangeAreRefused(_ seconds: String) {
        expectUsageError(["fuzz", "--kernel", "reference", "--seconds=\(seconds)", "--out", temporaryFolder()], naming: ["--seconds"])
    }

    @Test(arguments: [["--jobs", "100000"], ["--jobs", "0"]])
    func jobsOutOfRangeAreRefused(_ option: [String]) {
        expectUsageError(certify(option), naming: option)
    }

    /// Problem sizes are checked when a profile line is parsed, before anything is allocated.
    @Test(arguments: [
        ("B=100000;Hq=100000", "elements"), ("B=9223372036854775807;Hq=9223372036854775807", "64 bits"), ("B=-1;Hq=2", "'B' must be an integer >= 1"),
    ])
    func aProfileCaseTooLargeOrNegativeIsRefused(_ sizes: String, _ why: String) throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let id = "fwd:gen:dense:dtype=f32;\(sizes);Hkv=2;Sq=4096;Skv=4096;D=64;Dv=64;mask=none;dist=normal;seed=0"
        try (id + "\n").write(toFile: folder + "/huge.txt", atomically: true, encoding: .utf8)
        expectUsageError(["certify", "--kernel", "reference", "--profile", "huge", "--profiles", folder, "--in-process", "--out", temporaryFolder()],
                         naming: ["huge", "line 1", why])
        expectUsageError(["cases", "--profile", "huge", "--profiles", folder], naming: ["huge", why])
    }

    @Test(arguments: [["--kv-heads", "0"], ["--kv-heads", "3"], ["--seq", "100000000"], ["--world", "100000"],
                      ["--usp", "1000x2"], ["--repeats", "1000000000"]])
    func benchStacksOptionsOutOfRangeAreRefused(_ option: [String]) {
        expectUsageError(["bench-stacks"] + option, naming: [option[0]])
    }

    @Test(arguments: [["--seq", "0"], ["--seq", "1024,x"], ["--head-dims", "100000"], ["--heads", "0"], ["--repeats", "0"],
                      ["--memory-seq", "0"], ["--memory-seq", "70000"]])
    func benchKernelsOptionsOutOfRangeAreRefused(_ option: [String]) {
        expectUsageError(["bench-kernels"] + option, naming: [option[0]])
    }

    /// A peer's JSON that is not a list of rows (an object, a fractional head size, a missing field) is
    /// refused before anything is measured, naming the file.
    @Test(arguments: [#"{"headDim": 64}"#, #"[{"headDim": 64.5, "length": 1024, "causal": false, "seconds": 1, "gflops": 1, "threads": 1}]"#,
                      #"[{"headDim": 64, "length": 1024, "causal": false, "seconds": 1, "threads": 1}]"#])
    func benchKernelsRefusesAHostilePeerFileNamingIt(_ text: String) throws {
        let path = temporaryFolder() + ".json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectUsageError(["bench-kernels", "--jax", path, "--json", temporaryFolder() + "/bench.json"], naming: [path])
        expectUsageError(["bench-kernels", "--numpy", path, "--json", temporaryFolder() + "/bench.json"], naming: [path])
    }

    @Test(arguments: ["../profiles/smoke", "/tmp/smoke", ".hidden"])
    func aProfileNameThatIsAPathIsRefused(_ name: String) {
        expectUsageError(certify([], profile: name), naming: ["--profile", name])
    }
}
