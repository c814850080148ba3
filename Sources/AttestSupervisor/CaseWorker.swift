import AttestConformance
import AttestCore
import AttestReport
import Foundation

/// The worker side of supervised execution (`attest worker`): reads requests
/// `<n> <case id>` from stdin, one per line, runs each with
/// `InProcessExecutor` and answers its `results.jsonl` line
/// (`ResultsJSONL.line`) on the stdout it was started with, flushed before
/// the next request is read. It returns at the end of stdin.
///
/// Anything the kernel prints goes to stderr: the process's fd 1 is pointed
/// at fd 2 before the first case, and answers go to a private duplicate of
/// the original stdout, so no kernel output can corrupt the answers.
public enum CaseWorker {
    public static func serve(kernel: any AttentionKernel, resolver: CaseResolver, policy: TolerancePolicy = .current) throws {
        let out = try AnswerChannel.open()
        let executor = InProcessExecutor(policy: policy)
        while let line = readLine(strippingNewline: true) {
            guard let space = line.firstIndex(of: " "), Int(line[..<space]) != nil else {
                throw WorkerError.badRequest(line)
            }
            let id = String(line[line.index(after: space)...])
            let result = executor.execute(resolver.resolve(id), kernel: kernel)
            try out.write(contentsOf: try ResultsJSONL.line(result))
        }
    }

    public enum WorkerError: Error, CustomStringConvertible {
        case badRequest(String)
        case io(String)

        public var description: String {
            switch self {
            case let .badRequest(line): "attest worker: a request is '<n> <case id>', got '\(line.prefix(200))'"
            case let .io(why): "attest worker: \(why)"
            }
        }
    }
}
