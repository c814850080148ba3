import Dispatch

/// A fixed number of worker threads over one call: `run(n) { w in … }` runs
/// the body once for each worker index `w` in `0 ..< n`, concurrently, and
/// returns when all are done. The body must write disjoint memory per worker
/// (each caller deals its work items round-robin by `w`).
public enum ParallelWorkers {
    public static func run(_ workers: Int, _ body: (Int) -> Void) {
        precondition(workers >= 1, "ParallelWorkers.run needs at least one worker, got \(workers)")
        guard workers > 1 else { return body(0) }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBody(call: body)
            DispatchQueue.concurrentPerform(iterations: workers) { box.call($0) }
        }
    }
}

/// The body handed to `concurrentPerform`, whose closure is `@Sendable`: the
/// callers' bodies capture raw pointers and scratch objects that each worker
/// uses for its own disjoint part only, which the compiler cannot see.
private struct UncheckedBody: @unchecked Sendable {
    let call: (Int) -> Void
}
