import AttestFixtures
import AttestSupervisor
import Foundation
import Testing

/// `SupervisedFixtureChecker` on shell children standing in for `attest
/// fixture-worker`: an answer becomes the file's index or its problem, and a
/// worker that dies or hangs on a file makes that file corrupt, naming it and
/// how the worker ended, while the other files are still checked.
@Suite struct SupervisedFixtureCheckerTests {
    /// Answers each request (a JSON string) by the path inside it: `die` ends
    /// with SIGSEGV after a stderr line, `hang` sleeps, `bad` gets a problem,
    /// anything else an index of one case. (Its sleep is not ProcessSupervisorTests'
    /// `sleep 987654`, which that suite looks for in /proc while this one runs.)
    static let script = #"""
        while read x; do
          p=${x#\"}; p=${p%\"}
          case "$p" in
            *die*) echo "libhdf5 was here" >&2; kill -SEGV $$ ;;
            *hang*) sleep 876543 ;;
            *bad*) printf '{"file":"%s","problem":"case c0001: missing dataset '"'"'v'"'"'"}\n' "$p" ;;
            *) printf '{"file":"%s","index":{"cases":[{"id":"fwd:golden:x:seed=1","group":"c0000"}],"manifest_sha256":"ab"}}\n' "$p" ;;
          esac
        done
        """#

    func check(_ paths: [String], timeout: Duration = .seconds(30)) async -> [String: Result<FixtureIndex, FixtureError>] {
        let checker = SupervisedFixtureChecker(worker: ChildCommand(executable: "/bin/sh", arguments: ["-c", Self.script]), timeout: timeout)
        return await checker.checkAsync(paths)
    }

    @Test func answersBecomeIndexesOrProblemsNamingTheFile() async throws {
        let results = await check(["/f/good.h5", "/f/bad.h5"])
        #expect(try results["/f/good.h5"]?.get() == FixtureIndex(cases: [.init(id: "fwd:golden:x:seed=1", group: "c0000")], manifestSHA256: "ab"))
        guard case let .failure(error)? = results["/f/bad.h5"] else { Issue.record("bad.h5: \(String(describing: results["/f/bad.h5"]))"); return }
        #expect(error.description == "/f/bad.h5: case c0001: missing dataset 'v'")
    }

    @Test func aWorkerKilledOnAFileMakesItCorruptAndTheOthersAreChecked() async throws {
        let results = await check(["/f/a.h5", "/f/die.h5", "/f/b.h5"])
        #expect(results.count == 3)
        #expect((try? results["/f/a.h5"]?.get()) != nil && (try? results["/f/b.h5"]?.get()) != nil, "\(results)")
        guard case let .failure(error)? = results["/f/die.h5"] else { Issue.record("die.h5: \(String(describing: results["/f/die.h5"]))"); return }
        #expect(error.file == "/f/die.h5")
        #expect(error.description.hasPrefix("/f/die.h5: corrupt file: reading it ended the checking worker process (signal SIGSEGV (11))"), "\(error)")
        #expect(error.description.contains("libhdf5 was here"), "\(error)")
    }

    @Test func aWorkerPastTheTimeBoundIsKilledAndTheFileIsCorrupt() async throws {
        let results = await check(["/f/hang.h5", "/f/c.h5"], timeout: .milliseconds(500))
        guard case let .failure(error)? = results["/f/hang.h5"] else { Issue.record("hang.h5: \(String(describing: results["/f/hang.h5"]))"); return }
        #expect(error.description.hasPrefix("/f/hang.h5: corrupt file: reading it took longer than 0.5 s"), "\(error)")
        #expect((try? results["/f/c.h5"]?.get()) != nil, "\(results)")
    }

    @Test func anAnswerAboutAnotherFileIsNotTaken() async throws {
        let checker = SupervisedFixtureChecker(worker: ChildCommand(
            executable: "/bin/sh", arguments: ["-c", #"while read x; do echo '{"file":"/elsewhere.h5","index":{"cases":[],"manifest_sha256":""}}'; done"#]))
        let results = await checker.checkAsync(["/f/a.h5"])
        guard case let .failure(error)? = results["/f/a.h5"] else { Issue.record("\(results)"); return }
        #expect(error.description.contains("answered for /elsewhere.h5"), "\(error)")
    }
}
