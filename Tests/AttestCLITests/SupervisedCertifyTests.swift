import AttestConformance
import AttestReport
import Foundation
import Testing
@testable import attest

/// `attest certify` runs cases in supervised workers: a kernel that traps on
/// one case gets CRASH there and PASS elsewhere, one that hangs gets TIMEOUT
/// there, and either way the run ends with exit 1 and a certificate.
@Suite struct SupervisedCertifyTests {
    /// The one smoke case the probes misbehave on (`SupervisionProbe.trigger`).
    static let trigger = "fwd:gen:smoke:dtype=bf16;B=2;Hq=4;Hkv=2;Sq=9;Skv=13;D=8;Dv=8;mask=causal_tl;dist=normal;seed=0"

    /// Runs the `attest` binary's `certify` with `arguments` into a new
    /// folder, expects exit `status` (no signal), and reads the report back.
    func certify(_ arguments: [String], status: Int32 = 1, sourceLocation: SourceLocation = #_sourceLocation) throws -> CertificationRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-sup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ended = try AttestBinary.run(["certify"] + arguments + ["--plain", "--out", folder.path])
        #expect(!ended.signaled && ended.status == status, "exit \(ended.status): \(ended.stderr)", sourceLocation: sourceLocation)
        return try ReportFolder.read(folder).run
    }

    @Test func theTriggerIsOneCaseOfTheSmokeProfile() throws {
        let profile = try Profile.load(named: "smoke", from: DefaultFolders.profiles)
        #expect(profile.ids.filter { $0 == Self.trigger }.count == 1)
    }

    @Test func aKernelThatTrapsOnOneCaseCrashesThereAndPassesElsewhere() throws {
        let run = try certify(["--kernel", "probe/trap-on-one-case", "--profile", "smoke", "--jobs", "2"])
        #expect(run.verdict == .notCertified)
        #expect(run.results.count == 26)
        let crashed = run.results.filter { $0.verdict == .crash }
        #expect(crashed.map(\.id) == [Self.trigger])
        let reason = crashed.first?.reason ?? ""
        #expect(reason.contains("the worker process died on this case: signal SIGILL (4)") || reason.contains("signal SIGTRAP (5)"), "\(reason)")
        #expect(reason.contains("probe: indexing row 4 of 4"), "the stderr tail is in the reason: \(reason)")
        #expect(reason.contains("Fatal error: Index out of range"), "\(reason)")
        let others = run.results.filter { $0.id != Self.trigger }
        #expect(others.allSatisfy { $0.verdict == .pass }, "\(others.filter { $0.verdict != .pass }.map(\.id))")
    }

    /// The bound is 10 s, not less: under a loaded debug `swift test` (parallel suites on 2 cores) a smoke
    /// case took more than 2 s and timed out beside the hanging one.
    @Test func aKernelThatHangsOnOneCaseTimesOutThereAndTheOthersAreJudged() throws {
        let run = try certify(["--kernel", "probe/hang-on-one-case", "--profile", "smoke", "--case-timeout", "10"])
        #expect(run.results.count == 26)
        let timedOut = run.results.filter { $0.verdict == .timeout }
        #expect(timedOut.map(\.id) == [Self.trigger])
        #expect(timedOut.first?.reason?.contains("ran past its time bound of 10 s; the worker's process group was killed") == true,
                "\(timedOut.first?.reason ?? "")")
        #expect(run.results.filter { $0.id != Self.trigger }.allSatisfy { $0.verdict == .pass })
        #expect(run.command.contains(" --case-timeout 10.0 "), "\(run.command)")
    }

    @Test func theSameRunInProcessAgreesWithTheSupervisedOne() throws {
        let arguments = ["--kernel", "reference", "--profile", "smoke", "--jobs", "2"]
        let supervised = try certify(arguments, status: 0), inProcess = try certify(arguments + ["--in-process"], status: 0)
        #expect(supervised.results.count == 26)
        #expect(supervised.results.map(\.timeless) == inProcess.results.map(\.timeless))
    }

    @Test(arguments: ["0", "-1", "nan", "inf", "1e300"])
    func aBadCaseTimeoutIsAUsageError(_ value: String) {
        do {
            _ = try Attest.parseAsRoot(["certify", "--kernel", "reference", "--case-timeout=\(value)"])
            Issue.record("--case-timeout \(value) parsed")
        } catch {
            #expect(Attest.isUsageError(error), "\(error)")
            #expect(Attest.fullMessage(for: error).contains("--case-timeout must be a number of seconds in (0, 86400], got"), "\(error)")
        }
    }
}
