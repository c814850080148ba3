import AttestCore
import AttestConformance
import AttestFixtures
import AttestTensor
import Foundation
import PropertyBased
import AttestTestSupport
import Testing

struct CaseSpecTests {
    let text = "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=causal_br;dist=normal;seed=3"

    @Test func parsesIntoTypedFieldsAndPrintsCanonically() throws {
        let spec = try CaseSpec(parsing: text)
        #expect(spec.id == text)
        #expect(spec.origin == .generated(group: "masks"))
        let p = spec.problem
        #expect(p.dtype == .float32 && p.dims.queryHeads == 8 && p.dims.keyValueHeads == 2 && p.dims.keyLength == 96)
        #expect(p.mask == [.causalBottomRight] && p.windowLeft == nil && p.scale == nil && !p.bias && p.seed == 3)
        #expect(spec.reseeded(by: 1).id == text.replacingOccurrences(of: "seed=3", with: "seed=4"))
        #expect(spec.tags == ["f32", "gqa", "causal_br", "sq_ne_skv", "masks"])
    }

    @Test func everyOriginHasItsHead() throws {
        let params = "dtype=bf16;B=1;Hq=2;Hkv=2;Sq=3;Skv=3;D=4;Dv=4;mask=window+key_padding;wl=inf;wr=0;scale=-0.3;softcap=5.0;bias=1;alibi=1;dist=uniform;seed=-2"
        let cases: [(String, CaseOrigin, [String])] = [
            ("fwd:golden:masks:", .golden(family: "masks", module: false), ["golden", "masks"]),
            ("mha:golden:module:", .golden(family: "module", module: true), ["golden", "module", "module"]),
            ("prop:shift_keys:large:", .property(name: "shift_keys", variant: "large"), ["prop", "shift_keys", "large"]),
            ("prop:range:default:", .property(name: "range", variant: "default"), ["prop", "range"]),
            ("fwd:fuzz:bhsd:", .fuzz(layout: .headsMajor), ["layout=bhsd"]),
        ]
        for (head, origin, originTags) in cases {
            let spec = try CaseSpec(parsing: head + params)
            #expect(spec.origin == origin && spec.id == head + params)
            #expect(spec.tags == ["bf16", "mha", "window", "key_padding", "scale", "softcap", "bias", "alibi", "uniform"] + originTags)
        }
    }

    @Test(arguments: [
        "fwd:gen:masks",                                                                   // no parameters part
        "fwd:gen:masks:B=2;dtype=f32",                                                     // out of order
        "fwd:gen:masks:dtype=f32;dtype=f16",                                               // repeated
        "fwd:gen:masks:dtype=f32;colour=red",                                              // unknown key
        "fwd:gen:masks:dtype",                                                             // not key=value
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;seed=3", // no dist
        "fwd:gen:masks:dtype=float32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=0;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=02;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=key_padding+causal_br;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=bias;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;wl=1;wr=1;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=window;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;scale=0.50;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;scale=inf;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;bias=0;dist=normal;seed=3",
        "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;dist=gauss;seed=3",
        "mha:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;dist=normal;seed=3",
        "fwd:fuzz:diagonal:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=none;dist=normal;seed=3",
    ])
    func rejectsMalformedIDs(_ bad: String) {
        #expect(throws: ConformanceError.self, "\(bad)") { try CaseSpec(parsing: bad) }
    }

    /// A problem without bias or boolean mask holds no score plane, so the
    /// `large` shapes parse; with a bias the same dims need a 2^32-element
    /// plane and are refused, and past 2^36 score pairs any problem is.
    @Test func sizeLimitCountsTheScorePlaneOnlyWhenOneIsHeld() throws {
        let dims = "B=1;Hq=4;Hkv=1;Sq=32768;Skv=32768;D=128;Dv=128"
        let causal = "fwd:gen:large:dtype=f32;\(dims);mask=causal_br;dist=normal;seed=0"
        #expect(try CaseSpec(parsing: causal).id == causal)
        func refusal(_ id: String) -> String {
            do { _ = try CaseSpec(parsing: id); return "parsed" } catch { return "\(error)" }
        }
        let biased = refusal("fwd:gen:large:dtype=f32;\(dims);mask=causal_br;bias=1;dist=normal;seed=0")
        #expect(biased.contains("bias or mask") && biased.contains("\(AttentionDims.maxElements)"), "\(biased)")
        let booleanMask = refusal("fwd:gen:large:dtype=f32;\(dims);mask=bool_mask;dist=normal;seed=0")
        #expect(booleanMask.contains("bias or mask"), "\(booleanMask)")
        // 2^37 pairs: B = 4, Hq = 32 at 32768² (q, k, v, o are 2^27 elements, within maxElements).
        let pairs = refusal("fwd:gen:large:dtype=f32;B=4;Hq=32;Hkv=1;Sq=32768;Skv=32768;D=1;Dv=1;mask=none;dist=normal;seed=0")
        #expect(pairs.contains("score pairs") && pairs.contains("137438953472"), "\(pairs)")
    }

    @Test func queriesMatchByPrefixOrWildcard() {
        #expect(CaseQuery("fwd:gen:").matches(text))
        #expect(!CaseQuery("fwd:golden:").matches(text))
        #expect(CaseQuery("fwd:*dtype=f32;*mask=causal_br;*").matches(text))
        #expect(!CaseQuery("fwd:*dtype=f16;*").matches(text))
        #expect(CaseQuery("*seed=3").matches(text))
        #expect(!CaseQuery("*seed=").matches(text))
        #expect(CaseQuery(text).matches(text))
    }

    @Test func generatedProblemsAreDeterministicAndSeedSensitive() throws {
        let spec = try CaseSpec(parsing: text)
        let a = try spec.problem.arguments(idText: text), b = try spec.problem.arguments(idText: text)
        #expect(a.q.widened().scalars == b.q.widened().scalars)
        let other = spec.reseeded(by: 1)
        #expect(try other.problem.arguments(idText: other.id).q.widened().scalars != a.q.widened().scalars)
        #expect(a.mask.causal == .bottomRight && a.dims.queryHeads == 8 && a.dims.keyValueHeads == 2)
    }

    @Test func unknownAndNonCanonicalIDsBecomeHarnessErrors() {
        let resolver = CaseResolver()
        for bad in ["fwd:gen:x:dtype=f99;B=1", "prop:nonsense:default:dtype=f32", "fwd:golden:masks:dtype=f32",
                    "fwd:gen:x:dtype=f32;B=01",
                    "fwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=real;seed=0",
                    "prop:nonsense:default:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=normal;seed=0",
                    "fwd:fuzz:bhsd:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=uniform;seed=0"] {
            let result = InProcessExecutor().execute(resolver.resolve(bad), kernel: FakeKernel(name: "r") { $0 })
            #expect(result.verdict == .harnessError, "\(bad): \(result.verdict) \(result.reason ?? "")")
        }
    }

    /// print(parse(id)) == id for every id of every checked-in profile, and
    /// the tags derived from the typed spec are those the string rules gave.
    @Test(arguments: ProfileBuilder.names)
    func everyProfileIDRoundTrips(_ name: String) throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("profiles/\(name).txt"), encoding: .utf8)
        let ids = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(ids.count >= 10)
        for id in ids {
            let spec = try CaseSpec(parsing: id)
            #expect(spec.id == id)
            #expect(try CaseSpec(parsing: spec.id) == spec, "\(id)")
        }
    }

    /// parse(print(x)) == x on random specs (swift-property-based); a spec
    /// over `AttentionDims.maxElements` (a score plane counted when it has a
    /// bias or boolean mask) or `maxScorePairs` is refused.
    @Test func randomSpecsRoundTrip() async {
        await propertyCheck(count: 500, input: CaseSpecGenerators.spec) { spec in
            let d = spec.problem.dims, plane = spec.problem.bias || spec.problem.mask.contains(.booleanMask)
            guard let n = d.problemElements(scorePlane: plane), n <= AttentionDims.maxElements,
                  let pairs = d.scorePairs, pairs <= AttentionDims.maxScorePairs else {
                #expect(throws: ConformanceError.self, "\(spec.id)") { try CaseSpec(parsing: spec.id) }
                return
            }
            do {
                #expect(try CaseSpec(parsing: spec.id) == spec, "\(spec.id)")
            } catch {
                Issue.record("\(spec.id) does not parse: \(error)")
            }
        }
    }

    /// The ids the Swift side derives from a fixture's stored call
    /// (`ProblemSpec(arguments:)`) equal the ids the numpy generator wrote:
    /// a cross-check of how every mask, scale and option is mapped.
    @Test func fixtureIDsMatchTheStoredCalls() throws {
        let folder = Repository.root.appendingPathComponent("fixtures").path
        let schemaExample = Repository.root.appendingPathComponent("Tests/AttestFixturesTests/Data/schema_v1.h5").path
        let paths = try FixtureFile.files(at: folder) + [schemaExample]
        #expect(paths.count > 2)
        for path in paths {
            let file = try FixtureFile(path: path)
            for fixture in try file.cases() {
                let loaded = try file.load(fixture)
                let distribution = try #require(InputDistribution(rawValue: fixture.distribution), "\(path) \(fixture.group)")
                let spec = CaseSpec(.golden(family: file.family, module: fixture.kind == .module),
                                    ProblemSpec(arguments: loaded.arguments, dtype: fixture.dtype, modelDim: fixture.modelDim,
                                                distribution: distribution, seed: Int(fixture.seed)))
                #expect(spec.id == fixture.id, "\(path) \(fixture.group)")
            }
        }
    }
}

/// swift-property-based generators of valid `CaseSpec`s: every origin, every
/// mask subset (window edges only with a window), every score option and
/// distribution, negative seeds.
enum CaseSpecGenerators {
    static let names = ["dense", "masks", "shift_keys", "a_b"]
    static let origin = zip(Gen.int(in: 0 ... 4), Gen.int(in: 0 ..< names.count), Gen.int(in: 0 ..< names.count),
                            Gen.int(in: 0 ..< FuzzProblem.Layout.allCases.count)).map { k, a, b, l -> CaseOrigin in
        switch k {
        case 0: .generated(group: names[a])
        case 1: .golden(family: names[a], module: false)
        case 2: .golden(family: names[a], module: true)
        case 3: .property(name: names[a], variant: names[b])
        default: .fuzz(layout: FuzzProblem.Layout.allCases[l])
        }
    }
    static let dims = zip(Gen.int(in: 1 ... 4), Gen.int(in: 1 ... 300), Gen.int(in: 1 ... 9000), Gen.int(in: 1 ... 16),
                          Gen.int(in: 1 ... 16), Gen.int(in: 1 ... 256), Gen.int(in: 1 ... 256)).map { b, sq, skv, hq, hkv, d, dv in
        AttentionDims(batch: b, queryLength: sq, keyLength: skv, queryHeads: hq, keyValueHeads: hkv, headDim: d, valueDim: dv)
    }
    /// Mask subset bits, window edges (-1: unbounded), model width (0: none).
    static let mask = zip(Gen.int(in: 0 ..< (1 << AttentionFeature.masks.count)), Gen.int(in: -1 ... 40),
                          Gen.int(in: -1 ... 40), Gen.int(in: 0 ... 512))
    /// scale and softcap (nil on a coin), bias, alibi, distribution, dtype, seed.
    static let options = zip(Gen.double(in: -1e6 ... 1e6), Gen.int(in: 0 ... 1), Gen.double(in: 1e-8 ... 1e4),
                             Gen.int(in: 0 ... 3), Gen.int(in: 0 ..< InputDistribution.allCases.count),
                             Gen.int(in: 0 ..< DType.allCases.count), Gen.int(in: -1_000_000 ... Int.max))

    static let spec = zip(origin, dims, mask, options).map { origin, dims, m, o -> CaseSpec in
        let mask = Set(AttentionFeature.masks.enumerated().filter { m.0 & (1 << $0.offset) != 0 }.map(\.element))
        let window = mask.contains(.slidingWindow)
        return CaseSpec(origin, ProblemSpec(
            dtype: DType.allCases[o.5], dims: dims, modelDim: m.3 == 0 ? nil : m.3, mask: mask,
            windowLeft: window && m.1 >= 0 ? m.1 : nil, windowRight: window && m.2 >= 0 ? m.2 : nil,
            scale: o.1 == 0 ? nil : o.0, softcap: o.3 & 1 == 0 ? nil : o.2, bias: o.3 & 2 != 0, alibi: o.6 & 1 == 0,
            distribution: InputDistribution.allCases[o.4], seed: o.6))
    }
}
