import Foundation
import Testing

/// `attest fuzz` checks its problems in a supervised worker (`attest
/// fuzz-worker`, `docs/fuzz.md`): a kernel that traps on a drawn problem gives
/// a CRASH finding with the problem seed that replays it, the search goes on
/// with a new worker, and the run ends with exit 1 and the findings written.
/// Through the binary: supervision blocks its caller, which a test on the
/// cooperative pool must not be.
@Suite struct SupervisedFuzzTests {
    func fuzz(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (AttestBinary.Ended, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-sfuzz-\(UUID().uuidString)")
        let ended = try AttestBinary.run(["fuzz"] + arguments + ["--out", folder.path])
        #expect(!ended.signaled, "attest fuzz was killed by signal \(ended.status): \(ended.stderr)", sourceLocation: sourceLocation)
        return (ended, folder)
    }

    /// The seeds of the `CRASH found from problem seed N` lines.
    func crashSeeds(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").compactMap { line in
            line.hasPrefix("CRASH found from problem seed ") ? String(line.dropFirst("CRASH found from problem seed ".count)) : nil
        }
    }

    @Test func aTrapIsACrashFindingWithItsSeedAndTheFixtureIsWritten() throws {
        let (ended, folder) = try fuzz(["--kernel", "probe/trap-on-gqa", "--seconds", "60", "--seed", "2026"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(ended.status == 1, "exit \(ended.status): \(ended.stdout)\n\(ended.stderr)")
        let seeds = crashSeeds(ended.stdout)
        #expect(seeds.count == 1, "\(ended.stdout)")
        #expect(ended.stdout.contains("the worker process died checking or shrinking this problem: signal SIGILL (4)"), "\(ended.stdout)")
        #expect(ended.stdout.contains("probe: kv head"), "the worker's stderr tail: \(ended.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("fuzz-seed-2026.h5").path))
        // The printed seed replays the crash, supervised too.
        let seed = try #require(seeds.first)
        let (replay, replayFolder) = try fuzz(["--kernel", "probe/trap-on-gqa", "--problem-seed", seed])
        defer { try? FileManager.default.removeItem(at: replayFolder) }
        #expect(replay.status == 1 && replay.stdout.contains("CRASH: the worker process died"), "\(replay.stdout)\n\(replay.stderr)")
    }

    @Test func theSearchGoesOnAfterACrash() throws {
        let (ended, folder) = try fuzz(["--kernel", "probe/trap-on-gqa", "--seconds", "120", "--seed", "7", "--max-failures", "3"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(ended.status == 1, "exit \(ended.status): \(ended.stderr)")
        let seeds = crashSeeds(ended.stdout)
        #expect(seeds.count == 3 && Set(seeds).count == 3, "three problems, each in its own worker: \(ended.stdout)")
    }

    /// The worker answers a shrink path; the supervisor rebuilds the same
    /// shrunk problem the in-process search finds.
    @Test func supervisedAndInProcessFindTheSameShrunkProblem() throws {
        let arguments = ["--kernel", "mutant/gqa-tiled", "--seconds", "60", "--seed", "2026"]
        let (supervised, a) = try fuzz(arguments)
        let (inProcess, b) = try fuzz(arguments + ["--in-process"])
        defer { for f in [a, b] { try? FileManager.default.removeItem(at: f) } }
        #expect(supervised.status == 1 && inProcess.status == 1, "\(supervised.stderr)\n\(inProcess.stderr)")
        let findings = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("FAIL found") || $0.contains("shrunk:") || $0.contains("original:") } }
        #expect(!findings(supervised.stdout).isEmpty && findings(supervised.stdout) == findings(inProcess.stdout),
                "supervised:\n\(supervised.stdout)\nin process:\n\(inProcess.stdout)")
    }

    @Test func aProblemWithinTheBoundPassesForTheReference() throws {
        let (ended, folder) = try fuzz(["--kernel", "reference", "--seconds", "2", "--seed", "1"])
        #expect(ended.status == 0, "exit \(ended.status): \(ended.stdout)\n\(ended.stderr)")
        #expect(ended.stdout.contains("0 failing"), "\(ended.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing to write, so no folder")
    }
}
