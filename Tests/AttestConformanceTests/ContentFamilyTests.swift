import AttestCatalog
@testable import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import Testing

/// Issue 12, families 4, 5, 7 and 8 (`docs/coverage.md`): the cases are what
/// their doc comments say, the reference and the shipped kernels pass them,
/// and `standard` holds them within its budget.
@Suite struct ContentFamilyTests {
    static let standardIDs: [String] = (try? Fixture.profile("standard").ids) ?? []

    static func ids(_ prefix: String) -> [String] { standardIDs.filter { $0.hasPrefix(prefix) } }

    static func problem(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CaseProblem {
        try CaseResolver(golden: sharedGolden, cache: sharedCache).resolve(id).make()
    }

    @Test func standardHoldsEveryFamilyWithinItsBudget() throws {
        let added = ProfileBuilder.contentCases(full: false)
        #expect(added.count <= 48, "families 4, 5, 7, 8 add \(added.count) cases to standard")
        let full = Set(ProfileBuilder.contentCases(full: true))
        for prefix in ["prop:hidden_nonfinite:key_padding:", "prop:hidden_nonfinite:causal:", "prop:hidden_nonfinite:window:",
                       "prop:hidden_nonfinite:packed:", "prop:packing:n9:", "prop:packing:n49:", "fwd:gen:gqa_breadth:"] {
            #expect(!Self.ids(prefix).isEmpty, "standard has no \(prefix) case")
            #expect(full.contains { $0.hasPrefix(prefix) }, "full has no \(prefix) case")
        }
        for layout in ["bhsd", "padded", "fused_qkv", "broadcast_kv", "broadcast_heads"] {
            #expect(Self.ids("prop:layout:\(layout):").contains { $0.contains(";D=128;") }, "standard has no \(layout) at D = 128")
        }
        #expect(Self.ids("fwd:gen:gqa_breadth:").contains { $0.contains("Hq=64;") && $0.contains("Hkv=4;") }, "no group size 16")
        #expect(Self.ids("fwd:gen:gqa_breadth:").contains { $0.contains("Hq=60;Hkv=10;") }, "no group size 6 with 10 kv heads")
        #expect(Self.ids("fwd:gen:gqa_breadth:").contains { $0.hasPrefix("fwd:gen:gqa_breadth:dtype=f32;B=64;Hq=48;") }, "no B·Hq = 3072")
    }

    /// Every hidden_nonfinite case puts NaN, +inf and -inf into k and v, and
    /// only into slots the mask hides from every query.
    @Test(arguments: ["key_padding", "causal", "window", "packed"])
    func hiddenSlotsHoldNonFiniteValuesOnly(_ variant: String) throws {
        let id = try #require(Self.ids("prop:hidden_nonfinite:\(variant):").first)
        let p = try Self.problem(id)
        let a = p.args, d = a.dims
        for (name, t) in [("k", a.k.widened()), ("v", a.v.widened())] {
            let x = t.scalars
            #expect(x.contains { $0.isNaN } && x.contains(.infinity) && x.contains(-.infinity), "\(id): \(name) lacks NaN or ±inf")
            var visibleNonFinite = 0
            for b in 0 ..< d.batch {
                for h in 0 ..< d.queryHeads {
                    for i in 0 ..< d.queryLength {
                        guard let seg = a.mask.segment(batch: b, query: i, dims: d) else { continue }
                        for j in 0 ..< d.keyLength where a.mask.isVisible(batch: b, head: h, query: i, key: j, segment: seg) {
                            if !t[b, j, d.keyValueHead(forQueryHead: h), 0].isFinite { visibleNonFinite += 1 }
                        }
                    }
                }
            }
            #expect(visibleNonFinite == 0, "\(id): \(visibleNonFinite) visible \(name) slots are not finite")
        }
        let finiteGolden = p.golden.scalars.allSatisfy { $0.isFinite }
        #expect(finiteGolden, "\(id): the golden is not finite")
    }

    /// manyPacked: the sequence count of the variant, the forced empty
    /// sequences, unused trailing tokens on both sides.
    @Test(arguments: [("n9", 9), ("n49", 49)])
    func manyPackedSequencesHaveEmptySequencesAndTrailingTokens(_ variant: String, _ count: Int) throws {
        for id in Self.ids("prop:packing:\(variant):") {
            let packed = try #require(try Self.problem(id).args.mask.packed)
            let q = packed.queryOffsets, k = packed.keyOffsets
            #expect(packed.count == count, "\(id)")
            #expect(q[2] == q[1] && k[4] == k[3] && q[6] == q[5] && k[6] == k[5], "\(id): forced empty sequences missing: \(q) \(k)")
            let p = try Self.problem(id)
            #expect(q.last! < p.args.dims.queryLength && k.last! < p.args.dims.keyLength, "\(id): no trailing tokens")
        }
    }

    @Test func referencePassesEveryNewCaseOfStandard() throws {
        let added = Set(ProfileBuilder.contentCases(full: false))
        let ids = Self.standardIDs.filter { added.contains($0) || $0.hasPrefix("prop:layout:broadcast_heads:") }
        try #require(!ids.isEmpty)
        let resolver = CaseResolver(golden: sharedGolden, cache: sharedCache), executor = InProcessExecutor()
        for id in ids {
            let r = executor.execute(resolver.resolve(id), kernel: ReferenceAttention())
            #expect(r.verdict == .pass, "\(id): \(r.verdict) \(r.reason ?? "")")
        }
    }

    /// The shipped kernels never read a hidden slot: 0 · NaN never reaches o.
    @Test(arguments: ["blas", "tiled", "flash"])
    func shippedKernelsIgnoreNonFiniteHiddenSlots(_ name: String) throws {
        let kernel = try Catalog.kernelRegistry().kernel(named: name)
        let resolver = CaseResolver(golden: sharedGolden, cache: sharedCache), executor = InProcessExecutor()
        for id in Self.ids("prop:hidden_nonfinite:") {
            let r = executor.execute(resolver.resolve(id), kernel: kernel)
            #expect(r.verdict == .pass || r.verdict == .notSupported, "\(name) on \(id): \(r.verdict) \(r.reason ?? "")")
        }
    }
}
