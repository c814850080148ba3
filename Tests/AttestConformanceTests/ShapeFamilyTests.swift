@testable import AttestConformance
import AttestCore
import Testing

/// The shape families of issue 12 (`docs/coverage.md`): their standard cases
/// stay within the time budget of `make conformance`, each family has the
/// shape its mutant needs, and each shape mutant passes the standard cases
/// outside the families that come nearest its trigger (so the family, not
/// an older case, is what rejects it; `MutantCertificationTests` shows the
/// family does).
@Suite struct ShapeFamilyTests {
    static let groups = ["ragged", "head_dim", "decode", "wide_window"]

    static func specs(_ profile: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [CaseSpec] {
        try Fixture.profile(profile).ids.map { try CaseSpec(parsing: $0) }
    }

    static func group(_ spec: CaseSpec) -> String? {
        if case let .generated(group) = spec.origin, groups.contains(group) { return group }
        return nil
    }

    /// Dense FLOP of the float64 golden: 2·B·Hq·Sq·Skv·(D + Dv).
    static func flop(_ d: AttentionDims) -> Int {
        2 * d.batch * d.queryHeads * d.queryLength * d.keyLength * (d.headDim + d.valueDim)
    }

    @Test func everyFamilyIsInStandardAndFullWithinTheBudget() throws {
        let standard = try Self.specs("standard"), full = try Self.specs("full")
        for group in Self.groups {
            let inStandard = standard.filter { Self.group($0) == group }, inFull = full.filter { Self.group($0) == group }
            #expect(!inStandard.isEmpty, "standard has no \(group) case")
            #expect(inFull.count > inStandard.count, "full has no more \(group) cases than standard")
            for spec in inStandard {
                #expect(Self.flop(spec.problem.dims) <= 50_000_000, "\(spec.id): \(Self.flop(spec.problem.dims)) FLOP, over the standard budget")
            }
        }
        #expect(standard.filter { Self.group($0) != nil }.count <= 40, "the shape families grew standard by more than a few dozen cases")
    }

    @Test func everyFamilyHasTheShapeOfItsName() throws {
        for spec in try Self.specs("full") {
            let d = spec.problem.dims, p = spec.problem
            switch Self.group(spec) {
            case "ragged"?:
                #expect([d.queryLength, d.keyLength].contains { $0 > 64 && $0 % 64 != 0 }, "\(spec.id)")
            case "head_dim"?:
                #expect(max(d.headDim, d.valueDim) > 64, "\(spec.id)")
            case "decode"?:
                #expect(d.queryLength <= 4 && d.keyLength > 256 && (p.mask.contains(.keyPadding) || p.hasWindow), "\(spec.id)")
            case "wide_window"?:
                #expect(p.hasWindow && [p.windowLeft, p.windowRight].contains { ($0 ?? 0) > 64 || $0 == nil }, "\(spec.id)")
            default: break
            }
        }
    }

    /// Mutant -> the standard cases outside issue 12's families nearest its trigger. The content
    /// families are left out too: family 8's layouts at D = 128 also catch `mutant/head-dim-first-64`.
    static let nearMisses: [(mutant: String, near: @Sendable (ProblemSpec) -> Bool)] = [
        ("mutant/last-tile-padding-visible", { $0.dims.keyLength > 64 }),
        ("mutant/head-dim-first-64", { max($0.dims.headDim, $0.dims.valueDim) >= 64 }),
        ("mutant/split-kv-empty-lse-zero", { $0.dims.queryLength <= 4 }),
        ("mutant/window-tiles-rounded", { $0.hasWindow }),
        // The longest rows outside the families; `kvIndex16BitPassesTheShorterDecodeCases` checks the family's own.
        ("mutant/kv-index-16-bit", { $0.dims.keyLength > 64 }),
    ]

    /// The decode cases of `standard` below 2^16 keys: `mutant/kv-index-16-bit` passes them all; only
    /// the cache past 2^16 keys rejects it.
    @Test func kvIndex16BitPassesTheShorterDecodeCases() throws {
        let mutant = try #require(Mutants.all.first { $0.name == "mutant/kv-index-16-bit" })
        let decode = try Self.specs("standard").filter { Self.group($0) == "decode" }
        let short = decode.filter { $0.problem.dims.keyLength <= 1 << 16 }
        try #require(short.count >= 4 && decode.count == short.count + 1)
        let resolver = CaseResolver(golden: sharedGolden, cache: sharedCache), executor = InProcessExecutor()
        for spec in short {
            let result = executor.execute(resolver.resolve(spec.id), kernel: mutant)
            #expect(result.verdict == .pass, "\(spec.id): \(result.verdict) \(result.reason ?? "")")
        }
    }

    @Test(arguments: 0 ..< 5)
    func shapeMutantPassesTheOlderCasesNearestItsTrigger(_ n: Int) throws {
        let (name, near) = Self.nearMisses[n]
        let mutant = try #require(Mutants.all.first { $0.name == name })
        let content = Set(ProfileBuilder.contentCases(full: false))
        let ids = try Self.specs("standard").filter { Self.group($0) == nil && !content.contains($0.id) && near($0.problem) }.map(\.id)
        try #require(!ids.isEmpty, "standard has no case near the trigger of \(name)")
        let resolver = CaseResolver(golden: sharedGolden, cache: sharedCache), executor = InProcessExecutor()
        for id in ids {
            let result = executor.execute(resolver.resolve(id), kernel: mutant)
            #expect(result.verdict == .pass, "\(name) on \(id): \(result.verdict) \(result.reason ?? "")")
        }
    }
}
