import AttestConformance
import AttestTestSupport
import Testing

struct CaseIDTests {
    let text = "fwd:gen:masks:dtype=f32;B=2;Hq=8;Hkv=2;Sq=128;Skv=96;D=64;Dv=64;mask=causal_br;dist=normal;seed=3"

    @Test func parsesAndPrintsCanonically() throws {
        let id = try CaseID(parsing: text)
        #expect(id.description == text)
        #expect(id.kind == "fwd" && id.source == "gen" && id.group == "masks")
        #expect(id["Hkv"] == "2" && id["seed"] == "3" && id["wl"] == nil)
        #expect(id.with("seed", "4").description == text.replacingOccurrences(of: "seed=3", with: "seed=4"))
    }

    @Test(arguments: [
        "fwd:gen:masks",                                 // no parameters part
        "fwd:gen:masks:B=2;dtype=f32",                   // out of order
        "fwd:gen:masks:dtype=f32;dtype=f16",             // repeated
        "fwd:gen:masks:dtype=f32;colour=red",            // unknown key
        "fwd:gen:masks:dtype",                           // not key=value
    ])
    func rejectsMalformedIDs(_ bad: String) {
        #expect(throws: ConformanceError.self, "\(bad)") { try CaseID(parsing: bad) }
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
        let id = try CaseID(parsing: text)
        let spec = try ProblemSpec(id)
        let a = spec.arguments(idText: text), b = spec.arguments(idText: text)
        #expect(a.q.widened().scalars == b.q.widened().scalars)
        let other = id.with("seed", "4").description
        #expect(spec.arguments(idText: other).q.widened().scalars != a.q.widened().scalars)
        #expect(a.mask.causal == .bottomRight && a.dims.queryHeads == 8 && a.dims.keyValueHeads == 2)
    }

    @Test func unknownAndNonCanonicalIDsBecomeHarnessErrors() {
        let resolver = CaseResolver()
        for bad in ["fwd:gen:x:dtype=f99;B=1", "prop:nonsense:default:dtype=f32", "fwd:golden:masks:dtype=f32",
                    "fwd:gen:x:dtype=f32;B=01"] {
            let result = InProcessExecutor().execute(resolver.resolve(bad), kernel: FakeKernel(name: "r") { $0 })
            #expect(result.verdict == .harnessError, "\(bad): \(result.verdict) \(result.reason ?? "")")
        }
    }
}
