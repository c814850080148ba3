@testable import AttestConformance
import AttestCore
import AttestFixtures
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// `attest fixtures verify` recomputes every case (`FixtureRecomputation`): a
/// copy of a shipped case with one attribute changed and every hash rewritten
/// (by `FixtureWriter`, which hashes what it writes) passes the hash checks and
/// fails the recomputation, naming the file, the case and what differs; a case
/// id that is not the canonical id of its attributes fails; the shipped
/// fixtures pass.
struct FixtureRecomputationTests {
    /// The first attention case of a shipped file without any mask, bias or
    /// option, with at least 2 queries and keys: every attribute change below
    /// changes its outputs.
    static func plainCase() throws -> (family: String, loaded: LoadedFixtureCase) {
        for path in try FixtureFile.files(at: Repository.root.appendingPathComponent("fixtures").path) {
            let file = try FixtureFile(path: path)
            for fixture in try file.cases() where fixture.kind != .module && fixture.causal == nil && fixture.window == nil
                && fixture.softcap == nil && fixture.dims.queryLength >= 2 && fixture.dims.keyLength >= 2 {
                let loaded = try file.load(fixture)
                let args = loaded.arguments, m = args.mask
                if args.bias == nil && args.alibiSlopes == nil && m.boolean == nil && m.keyLengths == nil
                    && m.queryLengths == nil && m.packed == nil {
                    return (file.family, loaded)
                }
            }
        }
        throw ConformanceError.unknownCase("plain case", "no shipped fixture case without masks and options")
    }

    /// Writes `loaded` (its attributes edited by `edit`) alone into a new file of
    /// `family`, hashes and manifest computed afresh, and returns its path.
    static func copy(_ loaded: LoadedFixtureCase, family: String, edit: (inout FixtureCase) -> Void) throws -> String {
        let path = Fixture.temporaryDirectory().appendingPathComponent("\(family).h5").path
        var fixture = loaded.fixture
        edit(&fixture)
        let writer = try FixtureWriter(path: path, family: family)
        try writer.append(fixture, arguments: loaded.arguments, expectedOutput: loaded.expectedOutput,
                          expectedLogSumExp: loaded.expectedLogSumExp)
        try writer.finish()
        return path
    }

    /// The problem `FixtureRecomputation.checkedIndex` reports for `path`, after
    /// checking that the hash-only verification passes it.
    static func recomputationProblem(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        #expect(throws: Never.self, "the hash checks pass the copy", sourceLocation: sourceLocation) {
            try FixtureFile.checkedIndex(path: path)
        }
        do {
            _ = try FixtureRecomputation.checkedIndex(path: path)
            return nil
        } catch {
            return error.description
        }
    }

    static let edits: [(String, @Sendable (inout FixtureCase) -> Void)] = [
        ("scale", { $0.scale *= 2; $0.scaleIsDefault = false }),
        ("causal", { $0.causal = .topLeft }),
        ("softcap", { $0.softcap = 1 }),
        ("window", { $0.window = SlidingWindow(left: 0, right: 0) }),
    ]

    /// One attribute changed and the id made the canonical id of the changed
    /// attributes (so only the stored outputs betray the change).
    @Test(arguments: edits.map(\.0))
    func aChangedAttributeFailsTheRecomputation(_ attribute: String) throws {
        let (family, loaded) = try Self.plainCase()
        let edit = try #require(Self.edits.first { $0.0 == attribute }).1
        // The id the edited attributes have, read back from an edited copy.
        let probe = try Self.copy(loaded, family: family, edit: edit)
        let probeFile = try FixtureFile(path: probe)
        let edited = try probeFile.load(try #require(probeFile.cases().first))
        let canonical = CaseSpec(.golden(family: family, module: false),
                                 ProblemSpec(arguments: edited.arguments, dtype: edited.fixture.dtype, modelDim: nil,
                                             distribution: try #require(InputDistribution(rawValue: edited.fixture.distribution)),
                                             seed: Int(edited.fixture.seed))).id
        #expect(canonical != loaded.fixture.id, "the \(attribute) change shows in the id")
        let path = try Self.copy(loaded, family: family) { edit(&$0); $0.id = canonical }
        let why = try #require(Self.recomputationProblem(path), "a copy with a changed \(attribute) passes verify")
        #expect(why.hasPrefix("\(path): case c0000: invalid case: \(canonical): "), "\(why)")
        #expect(why.contains("stored o differs from the float64 reference") || why.contains("stored lse differs"), "\(why)")
        #expect(!why.contains("canonical id"), "\(why)")
    }

    /// The same change with the old id kept: both the id and the outputs are named.
    @Test func aChangedAttributeWithItsOldIDNamesBoth() throws {
        let (family, loaded) = try Self.plainCase()
        let path = try Self.copy(loaded, family: family) { $0.softcap = 1 }
        let why = try #require(Self.recomputationProblem(path))
        #expect(why.contains("not the canonical id of the case's attributes, which is "), "\(why)")
        #expect(why.contains("softcap=1"), "the canonical id names the changed attribute: \(why)")
        #expect(why.contains("differs from the float64 reference"), "\(why)")
    }

    /// Attributes and outputs intact, the id of another seed: the id is named.
    @Test func anIDThatIsNotCanonicalFails() throws {
        let (family, loaded) = try Self.plainCase()
        let id = loaded.fixture.id
        let seed = "seed=\(loaded.fixture.seed)"
        #expect(id.hasSuffix(seed))
        let wrong = String(id.dropLast(seed.count)) + "seed=\(loaded.fixture.seed + 1)"
        let path = try Self.copy(loaded, family: family) { $0.id = wrong }
        let why = try #require(Self.recomputationProblem(path))
        #expect(why.hasPrefix("\(path): case c0000: invalid case: \(wrong): the case id is not the canonical id"), "\(why)")
        #expect(why.contains("which is \(id)"), "\(why)")
        #expect(!why.contains("differs from the float64 reference"), "\(why)")
    }

    /// An unedited copy passes: the writer itself is not what fails.
    @Test func anUneditedCopyPasses() throws {
        let (family, loaded) = try Self.plainCase()
        let path = try Self.copy(loaded, family: family) { _ in }
        #expect(Self.recomputationProblem(path) == nil)
    }

    /// One stored output element moved by 1e-11 of the tensor's largest magnitude fails; 1e-13 passes.
    @Test func theToleranceIsRelativeToTheTensorsLargestMagnitude() throws {
        let (_, loaded) = try Self.plainCase()
        let o = loaded.expectedOutput
        let scale = o.scalars.map(abs).max() ?? 0
        for (shift, fails) in [(1e-11, true), (1e-13, false)] {
            let moved = o.copy()
            moved[0, 1, 0, 0] += shift * scale
            let why = FixtureRecomputation.difference("o", recomputed: o, stored: moved)
            #expect((why != nil) == fails, "shift \(shift): \(why ?? "nil")")
            if fails { #expect(why?.contains("at [0, 1, 0, 0]") == true, "\(why ?? "nil")") }
        }
    }

    @Test func theShippedFixturesPass() throws {
        let paths = try FixtureFile.files(at: Repository.root.appendingPathComponent("fixtures").path)
        #expect(paths.count >= 9)
        for path in paths {
            #expect(throws: Never.self, "\(path)") { try FixtureRecomputation.checkedIndex(path: path) }
        }
    }
}
