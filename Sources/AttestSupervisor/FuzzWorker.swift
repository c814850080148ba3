import AttestConformance
import AttestCore
import Foundation

/// The worker side of supervised fuzzing (`attest fuzz-worker`): reads
/// problem seeds from stdin, one decimal `UInt64` per line; checks each
/// problem (`FuzzProblem.random(seed:)`, `FuzzSearch.check`), shrinks a
/// failure (`FuzzSearch.shrinkPath`) and answers one `FuzzAnswer` JSON line
/// on the stdout it was started with (`AnswerChannel`). It returns at the end
/// of stdin. A kernel that traps or hangs ends or stalls this process, never
/// `attest fuzz` (`SupervisedFuzz`).
public enum FuzzWorker {
    public static func serve(search: FuzzSearch) throws {
        let out = try AnswerChannel.open()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let line = readLine(strippingNewline: true) {
            guard let seed = UInt64(line) else { throw CaseWorker.WorkerError.badRequest(line) }
            try out.write(contentsOf: try encoder.encode(FuzzAnswer(seed: seed, search: search)) + Data("\n".utf8))
        }
    }
}

/// What a fuzz worker found for one problem seed: `pass`, `not_supported`
/// with the reason, or `failed` with the shrunk problem's verdict and reason
/// and the shrink path that rebuilds it from the original.
public struct FuzzAnswer: Codable, Sendable, Equatable {
    public var seed: UInt64
    public var outcome: String
    public var verdict: String?
    public var reason: String?
    public var shrinkPath: [Int]?

    enum CodingKeys: String, CodingKey {
        case seed, outcome, verdict, reason
        case shrinkPath = "shrink_path"
    }

    /// Checks (and, failing, shrinks) the problem of `seed`.
    init(seed: UInt64, search: FuzzSearch) {
        self.seed = seed
        let problem = FuzzProblem.random(seed: seed)
        switch search.check(problem) {
        case .pass:
            outcome = "pass"
        case let .notSupported(why):
            outcome = "not_supported"
            reason = why
        case let .failed(verdict, why):
            let (_, shrunk, path) = search.shrinkPath(problem, outcome: .failed(verdict, why))
            outcome = "failed"
            shrinkPath = path
            if case let .failed(v, r) = shrunk { (self.verdict, reason) = (v.rawValue, r) } else { (self.verdict, reason) = (verdict.rawValue, why) }
        }
    }
}
