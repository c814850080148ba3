import Foundation

/// The stdout a worker answers on (`CaseWorker`, `FixtureCheckWorker`,
/// `FuzzWorker`): a private duplicate of fd 1, after which fd 1 points at
/// fd 2, so anything a kernel or a library prints goes to stderr and no
/// stray output can corrupt the answers.
enum AnswerChannel {
    static func open() throws -> FileHandle {
        let answers = dup(1)
        guard answers >= 0, dup2(2, 1) >= 0 else {
            throw CaseWorker.WorkerError.io("cannot set up the answer channel: errno \(errno)")
        }
        return FileHandle(fileDescriptor: answers, closeOnDealloc: true)
    }
}
