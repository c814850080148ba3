import AttestConformance
import AttestReport
import Crypto
import Foundation
import Testing

/// `attest certify --exec` through the `attest` binary with the C kernels of
/// `examples/` (`docs/external-kernels.md`): the C example is certified, and
/// each purpose-built misbehaviour of `examples/misbehaving` gives its verdict
/// on the one case that triggers it while the other cases are still judged,
/// with the right exit code and a certificate. Needs the built examples:
/// `make test-external` (part of `make test`) builds them and sets
/// `ATTEST_EXTERNAL_EXAMPLES` to their folder.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ATTEST_EXTERNAL_EXAMPLES"] != nil,
                "needs ATTEST_EXTERNAL_EXAMPLES (make test-external)"))
struct ExternalKernelCLITests {
    static let examples = ProcessInfo.processInfo.environment["ATTEST_EXTERNAL_EXAMPLES"]
    static var kernel: String { (examples ?? "") + "/attest-kernel" }
    static var misbehave: String { (examples ?? "") + "/misbehave" }
    /// Eight float32 smoke cases; the trigger is one of them.
    static let query = "fwd:gen:smoke:dtype=f32"
    static let trigger = "fwd:gen:smoke:dtype=f32;B=2;Hq=4;Hkv=2;Sq=9;Skv=13;D=8;Dv=8;mask=causal_br;dist=normal;seed=0"

    /// Runs `attest certify` into a new folder, expects exit `status` (no signal) and reads the report back.
    func certify(_ arguments: [String], status: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws -> CertificationRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-ext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ended = try AttestBinary.run(["certify"] + arguments + ["--plain", "--out", folder.path])
        #expect(!ended.signaled && ended.status == status, "exit \(ended.status): \(ended.stderr)", sourceLocation: sourceLocation)
        return try ReportFolder.read(folder).run
    }

    /// Certifies `misbehave MODE trigger` on the eight cases and checks the trigger's verdict and reason.
    func misbehaviour(_ mode: String, gives verdict: Verdict, reason: String, status: Int32 = 1, extra: [String] = [],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try certify(["--exec", "\(Self.misbehave) \(mode) '\(Self.trigger)'", "--profile", "smoke",
                               "--query", Self.query] + extra, status: status, sourceLocation: sourceLocation)
        #expect(run.verdict == .partial, sourceLocation: sourceLocation)
        #expect(run.results.count == 8, sourceLocation: sourceLocation)
        let odd = run.results.filter { $0.verdict != .pass }
        #expect(odd.map(\.id) == [Self.trigger], "\(odd.map { "\($0.id) \($0.verdict)" })", sourceLocation: sourceLocation)
        #expect(odd.first?.verdict == verdict, sourceLocation: sourceLocation)
        #expect(odd.first?.reason?.contains(reason) == true, "\(odd.first?.reason ?? "no reason")", sourceLocation: sourceLocation)
        #expect(run.external?.command == "\(Self.misbehave) \(mode) '\(Self.trigger)'", sourceLocation: sourceLocation)
    }

    @Test func theCExampleIsCertifiedOnSmokeWithItsCommandAndHashRecorded() throws {
        let run = try certify(["--exec", Self.kernel, "--profile", "smoke", "--jobs", "2"], status: 0)
        #expect(run.verdict == .certified)
        #expect(run.configuration.kernel == "exec:c-example")
        #expect(run.command.hasPrefix("attest certify --exec \(Self.kernel) --profile smoke"), "\(run.command)")
        let external = try #require(run.external)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.kernel))
        #expect(external.executableSHA256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        #expect(external.script == nil)
        #expect(external.lseDType == "f64")
        #expect(run.capabilities.features.count == 13)
    }

    @Test func anInterpreterPlusScriptRecordsTheScriptsHash() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("attest-ext-\(UUID().uuidString).sh")
        defer { try? FileManager.default.removeItem(at: script) }
        let text = "exec \(Self.kernel) \"$@\"\n"
        try text.write(to: script, atomically: true, encoding: .utf8)
        let run = try certify(["--exec", "sh \(script.path)", "--profile", "smoke", "--query", Self.query], status: 0)
        let external = try #require(run.external)
        #expect(external.executable.hasSuffix("/sh"))
        #expect(external.script == script.path)
        #expect(external.scriptSHA256 == SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined())
    }

    @Test func underUlyssesTheCExampleIsCertifiedAndACrashStillLandsOnItsCase() throws {
        let run = try certify(["--exec", Self.kernel, "--preamble", "ulysses:world=2", "--profile", "smoke"], status: 0)
        #expect(run.verdict == .certified)
        try misbehaviour("segfault", gives: .crash, reason: "killed by signal SIGSEGV (11)", extra: ["--preamble", "ulysses:world=2"])
    }

    @Test func shardsOfAnExternalKernelMergeIntoOneVerifiedCertificate() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attest-ext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let shards = ["1/2", "2/2"].map { shard in (shard, root.appendingPathComponent("shard-\(shard.prefix(1))").path) }
        for (shard, folder) in shards {
            let ended = try AttestBinary.run(["certify", "--exec", Self.kernel, "--profile", "smoke", "--shard", shard, "--plain", "--out", folder])
            #expect(!ended.signaled && ended.status == 0, "shard \(shard): exit \(ended.status): \(ended.stderr)")
        }
        let merged = root.appendingPathComponent("merged").path
        let merge = try AttestBinary.run(["merge"] + shards.map(\.1) + ["--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        let verify = try AttestBinary.run(["verify", merged])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let run = try ReportFolder.read(URL(fileURLWithPath: merged)).run
        #expect(run.verdict == .certified && run.results.count == 26)
        #expect(run.external?.command == Self.kernel, "the merged certificate keeps kernel.external")
    }

    @Test func fuzzTakesAnExternalKernelAndFindsAFailingOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-ext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try AttestBinary.run(["fuzz", "--exec", Self.kernel, "--seconds", "2", "--seed", "1", "--out", folder.path])
        #expect(!good.signaled && good.status == 0, "exit \(good.status): \(good.stdout) \(good.stderr)")
        #expect(good.stdout.contains(", 0 failing"), "\(good.stdout)")
        // An empty trigger matches every call (a fuzz call has an empty case_id): every call exits 1.
        let bad = try AttestBinary.run(["fuzz", "--exec", "\(Self.misbehave) exit1 ''", "--seconds", "2", "--seed", "1", "--out", folder.path])
        #expect(!bad.signaled && bad.status == 1, "exit \(bad.status): \(bad.stderr)")
        #expect(bad.stdout.contains("ERROR found from problem seed"), "\(bad.stdout)")
        #expect(bad.stdout.contains("ended with exit status 1"), "\(bad.stdout)")
    }

    @Test func aSegfaultIsACrashWithTheStderrTail() throws {
        try misbehaviour("segfault", gives: .crash, reason: "killed by signal SIGSEGV (11); its stderr ended with:\n  | misbehave: mode segfault")
    }

    @Test func aKernelThatSleepsForeverIsATimeout() throws {
        try misbehaviour("hang", gives: .timeout, reason: "ran past its time bound of 2 s; its process group was killed",
                         extra: ["--batch-timeout", "2"])
    }

    @Test func garbageInsteadOfHDF5IsAnError() throws {
        try misbehaviour("garbage", gives: .error, reason: "the response file cannot be read as HDF5")
    }

    @Test func noResponseFileIsAnError() throws {
        try misbehaviour("nothing", gives: .error, reason: "the kernel wrote no response file")
    }

    @Test func exitStatusOneIsAnError() throws {
        try misbehaviour("exit1", gives: .error, reason: "ended with exit status 1")
    }

    @Test func aHugeClaimedShapeIsAFailNeverAnAllocation() throws {
        try misbehaviour("huge", gives: .fail, reason: "has shape [1048576, 1048576, 1024, 1024], expected [2, 9, 4, 8]")
    }

    @Test func theWrongElementTypeIsAnError() throws {
        try misbehaviour("wrongtype", gives: .error, reason: "holds float64, expected float32")
    }

    @Test func aDeclinedCallIsNotSupportedWithItsReason() throws {
        try misbehaviour("decline", gives: .notSupported, reason: "the kernel declined: this kernel declines the case on purpose", status: 0)
    }

    @Test(arguments: [
        ("badjson", "the capabilities JSON is invalid: not one JSON object"),
        ("badfeature", "features holds unknown name \"flash\""),
        ("badversion", "declare protocol_version 2; this attest speaks 1"),
    ])
    func invalidCapabilitiesStopTheRunWithExitTwo(mode: String, message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-ext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ended = try AttestBinary.run(["certify", "--exec", "\(Self.misbehave) \(mode)", "--profile", "smoke", "--out", folder.path])
        #expect(!ended.signaled && ended.status == 2, "exit \(ended.status)")
        #expect(ended.stderr.contains(message), "\(ended.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "no case ran, no report")
    }
}
