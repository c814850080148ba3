import AttestConformance
import AttestFixtures
import Foundation

/// The worker side of checking fixture files out of process (`attest
/// fixture-worker`): reads requests from stdin, one per line, each a JSON
/// string holding a file's path; checks the file (`FixtureFile.checkedIndex`)
/// and answers one `FixtureCheckAnswer` JSON line on the stdout it was
/// started with, flushed before the next request is read. It returns at the
/// end of stdin. A crash inside libhdf5 ends this process, never its caller
/// (`SupervisedFixtureChecker`). With `recompute` (`attest fixtures verify`)
/// the check also recomputes every case and checks its id
/// (`FixtureRecomputation`), here in the worker, so a hostile file cannot
/// crash the caller through that either.
///
/// Like `CaseWorker`, it points fd 1 at fd 2 first, so nothing a library
/// prints can corrupt the answers.
public enum FixtureCheckWorker {
    public static func serve(recompute: Bool = false) throws {
        let out = try AnswerChannel.open()
        while let line = readLine(strippingNewline: true) {
            guard let path = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else {
                throw CaseWorker.WorkerError.badRequest(line)
            }
            let answer: FixtureCheckAnswer
            do {
                let index = recompute ? try FixtureRecomputation.checkedIndex(path: path) : try FixtureFile.checkedIndex(path: path)
                answer = FixtureCheckAnswer(file: path, index: index)
            } catch {
                answer = FixtureCheckAnswer(file: path, error: error)
            }
            try out.write(contentsOf: try answer.line())
        }
    }
}

/// One answer of `attest fixture-worker`: the file, and its index or the
/// problem found (the `FixtureError`'s text after the file's path).
public struct FixtureCheckAnswer: Codable, Sendable, Equatable {
    public var file: String
    public var index: FixtureIndex?
    public var problem: String?

    public init(file: String, index: FixtureIndex) {
        self.file = file
        self.index = index
    }

    public init(file: String, error: FixtureError) {
        self.file = file
        let text = error.description
        problem = text.hasPrefix(file + ": ") ? String(text.dropFirst(file.count + 2)) : text
    }

    /// The request line that asks for `path`: a JSON string, so any path fits on one line.
    static func request(_ path: String) throws -> String {
        String(decoding: try JSONEncoder().encode(path), as: UTF8.self)
    }

    /// The answer as one JSON line, newline included.
    func line() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// What the answer says about `path`: its index, or its problem as a
    /// `FixtureError` naming it; an answer about another file, or neither, is
    /// itself a problem.
    func result(for path: String) -> Result<FixtureIndex, FixtureError> {
        guard file == path else {
            return .failure(FixtureError(file: path, problem: .corrupt("the checking worker answered for \(file) when asked for this file")))
        }
        if let index, problem == nil { return .success(index) }
        return .failure(FixtureError(file: path, problem: .reportedByChecker(problem ?? "the checking worker gave no index and no problem")))
    }
}
