import AttestConformance
import AttestCore
import Foundation
import Synchronization

/// Runs cases against an external kernel in batches (`docs/external-kernels.md`
/// §5): for each batch of up to `batchSize` cases, a first pass through the
/// stack built on a `CallRecorder` collects every call the cases make, one
/// run of the command answers them all, and a second pass through the stack
/// built on a `CallReplayer` judges each case exactly as `InProcessExecutor`
/// judges any kernel. `jobs` batches run at once, each on a dedicated thread.
public struct ExternalRunner: CaseRunner {
    public var kernel: ExternalKernel
    /// Builds the configuration's stack (its preambles, outermost first) on a core.
    public var makeStack: @Sendable (any AttentionKernel) throws -> any AttentionKernel
    public var resolver: CaseResolver
    public var executor: InProcessExecutor
    public var batchSize: Int

    public init(kernel: ExternalKernel, makeStack: @escaping @Sendable (any AttentionKernel) throws -> any AttentionKernel,
                resolver: CaseResolver, executor: InProcessExecutor = InProcessExecutor(), batchSize: Int) {
        precondition(batchSize >= 1, "a batch holds at least one case, got \(batchSize)")
        self.kernel = kernel
        self.makeStack = makeStack
        self.resolver = resolver
        self.executor = executor
        self.batchSize = batchSize
    }

    /// The default number of cases per batch.
    public static let defaultBatchSize = 32

    public func run(kernel _: any AttentionKernel, ids: [String], jobs: Int,
                    progress: (@Sendable (ConformanceRunner.Progress) -> Void)?) -> [CaseResult] {
        precondition(jobs >= 1, "jobs must be at least 1, got \(jobs)")
        let batches = stride(from: 0, to: ids.count, by: batchSize).map { $0 ..< min($0 + batchSize, ids.count) }
        struct State {
            var next = 0
            var done = 0
            var results: [CaseResult?]
        }
        let state = Mutex(State(results: Array(repeating: nil, count: ids.count)))
        let work: @Sendable () -> Void = {
            while true {
                let b: Int? = state.withLock { s in
                    guard s.next < batches.count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let b else { return }
                let range = batches[b]
                runBatch(Array(ids[range])) { offset, result in
                    let done = state.withLock { s in
                        s.results[range.lowerBound + offset] = result
                        s.done += 1
                        return s.done
                    }
                    progress?(ConformanceRunner.Progress(result: result, done: done, total: ids.count))
                }
            }
        }
        WorkerThreads.run(min(jobs, max(batches.count, 1)), work)
        return state.withLock { s in s.results.map { $0! } }
    }

    /// Records, exchanges and replays one batch; reports each case's result with its offset in `ids`.
    private func runBatch(_ ids: [String], report: (Int, CaseResult) -> Void) {
        var batchResolver = resolver
        batchResolver.cache = CaseCache()  // each problem (and its baseline) is built once for both passes
        let cases = ids.map { batchResolver.resolve($0) }
        let recorder = CallRecorder(kernel)
        let replayer: CallReplayer
        let recording: any AttentionKernel, replaying: any AttentionKernel
        do {
            recording = try makeStack(recorder)
            for c in cases {
                recorder.begin(c.id)
                _ = executor.execute(c, kernel: recording)
            }
            let calls = recorder.calls
            replayer = CallReplayer(kernel, calls: calls, outcomes: kernel.exchange.run(calls))
            replaying = try makeStack(replayer)
        } catch {
            for (offset, id) in ids.enumerated() {
                report(offset, CaseResult(id: id, verdict: .harnessError, tags: cases[offset].tags,
                                          reason: "cannot build the stack around the external kernel: \(error)"))
            }
            return
        }
        for (offset, c) in cases.enumerated() {
            replayer.begin(c.id)
            report(offset, executor.execute(c, kernel: replaying))
        }
    }
}
