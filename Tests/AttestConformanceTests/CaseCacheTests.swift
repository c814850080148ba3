import AttestConformance
import AttestCore
import AttestKernels
import AttestReference
import Dispatch
import Synchronization
import Testing

/// Goldens and baselines are computed once per case and shared by every
/// check of it: six concurrent checkers (three kernels, two threads each)
/// run every case of `smoke` through one `CaseCache`; each case's problem
/// (its golden) is built exactly once, carries its baseline, and every
/// checker's verdict comes from that one problem.
@Suite("CaseCache: one golden and one baseline per case")
struct CaseCacheTests {
    @Test("concurrent checks of one case build its golden and baseline once")
    func buildsOnce() throws {
        let ids = try Fixture.profile("smoke").ids
        let resolver = CaseResolver(golden: sharedGolden)
        let cache = CaseCache()
        let builds = Mutex<[String: Int]>([:])
        let counted = ids.map { id in
            let plain = resolver.resolve(id)
            return ConformanceCase(id: id, tags: plain.tags) {
                builds.withLock { $0[id, default: 0] += 1 }
                return try plain.make()
            }
        }
        let kernels: [any AttentionKernel] = [ReferenceAttention(), BLASAttention(), TiledAttention()]
        let blocking = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2 * kernels.count) { checker in
            let kernel = kernels[checker % kernels.count]
            for testCase in counted {
                let shared = ConformanceCase(id: testCase.id, tags: testCase.tags) { try cache.problem(testCase) }
                let result = InProcessExecutor().execute(shared, kernel: kernel)
                if result.verdict.blocks { blocking.withLock { $0.append("\(kernel.name) \(result.id): \(result.verdict)") } }
            }
        }
        let counts = builds.withLock { $0 }
        #expect(counts.count == ids.count && counts.values.allSatisfy { $0 == 1 },
                "golden built more than once: \(counts.filter { $0.value != 1 })")
        #expect(cache.count == ids.count)
        #expect(blocking.withLock { $0 }.isEmpty, "\(blocking.withLock { $0 }.prefix(3))")
        for testCase in counted { #expect(try cache.problem(testCase).baseline != nil, "\(testCase.id) has no cached baseline") }
        #expect(builds.withLock { $0.values.reduce(0, +) } == ids.count, "a cache hit built again")
    }
}
