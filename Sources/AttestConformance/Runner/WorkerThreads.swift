import Foundation

/// The runner's threads: `count` dedicated OS threads with 8 MiB stacks (not
/// Swift tasks or a GCD pool), so a kernel that blocks or starts threads of
/// its own (a preamble's simulated ranks) can never starve the runner.
public enum WorkerThreads {
    /// Runs `work` on `count` threads (on the caller's thread when `count` is 1) and waits for all.
    public static func run(_ count: Int, _ work: @escaping @Sendable () -> Void) {
        precondition(count >= 1, "at least one worker thread, got \(count)")
        guard count > 1 else { return work() }
        let group = DispatchGroup()
        for _ in 0 ..< count {
            group.enter()
            let thread = Thread {
                work()
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
    }
}
