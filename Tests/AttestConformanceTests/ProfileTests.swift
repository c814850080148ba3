import AttestConformance
import Foundation
import AttestTestSupport
import Testing

struct ProfileTests {
    /// The checked-in profiles are exactly what `ProfileBuilder` makes, so a
    /// profile changes only through a reviewed change of the builder (and
    /// `attest cases --generate NAME > profiles/NAME.txt`).
    @Test(arguments: ProfileBuilder.names)
    func checkedInProfileMatchesBuilder(_ name: String) throws {
        let url = Repository.profiles.appendingPathComponent("\(name).txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let profile = try Profile(name: name, text: text)
        let golden = profile.ids.filter { $0.contains(":golden:") }
        #expect(text == (try ProfileBuilder.text(name, goldenIDs: golden)),
                "profiles/\(name).txt differs from ProfileBuilder; regenerate with `attest cases --generate \(name)`")
    }

    @Test func standardCoversEveryFeatureDtypeAndHeadGrouping() throws {
        let ids = try Fixture.profile("standard").ids
        for dtype in ["f64", "f32", "f16", "bf16"] {
            #expect(ids.contains { $0.contains("dtype=\(dtype);") }, "no \(dtype) case")
        }
        for heads in ["Hq=4;Hkv=4", "Hq=4;Hkv=2", "Hq=4;Hkv=1"] { #expect(ids.contains { $0.contains(heads) }) }
        for feature in ["causal_tl", "causal_br", "window", "key_padding", "query_padding", "varlen", "bool_mask",
                        "bias=1", "alibi=1", "softcap=", "scale=-", "Dv=40"] {
            #expect(ids.contains { $0.contains(feature) }, "no case with \(feature)")
        }
        for (name, variants) in PropertyCases.variants {
            for v in variants { #expect(ids.contains { $0.hasPrefix("prop:\(name):\(v):") }, "no property \(name):\(v)") }
        }
    }

    @Test(arguments: [
        ("wildcard", "fwd:gen:*\n"),
        ("duplicate", "fwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=normal;seed=0\nfwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=normal;seed=0\n"),
        ("not canonical", "fwd:gen:x:seed=0;dtype=f32\n"),
        ("incomplete", "fwd:gen:x:dtype=f32;seed=0\n"),
        ("empty", "# nothing\n\n"),
    ])
    func rejectsBadProfiles(_ why: String, _ text: String) {
        #expect(throws: ConformanceError.self, "\(why)") { try Profile(name: why, text: text) }
    }

    @Test func commentsAndHashing() throws {
        let a = try Profile(name: "a", text: "# header\nfwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=normal;seed=0  # trailing\n\n")
        #expect(a.ids == ["fwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=normal;seed=0"])
        let b = try Profile(name: "a", text: "# header changed\nfwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=2;Skv=2;D=2;Dv=2;mask=none;dist=normal;seed=0\n")
        #expect(a.sha256 != b.sha256 && a.sha256.count == 64)
    }

    @Test func selectionReseedsShardsAndQueries() throws {
        let ids = try Fixture.profile("smoke").ids
        let shards = (1 ... 3).map { RunSelection(shard: Shard(index: $0, count: 3)).ids(from: ids) }
        #expect(Set(shards.flatMap { $0 }) == Set(ids) && shards.map(\.count).reduce(0, +) == ids.count)
        let reseeded = RunSelection(seed: 5).ids(from: ids)
        #expect(reseeded.allSatisfy { $0.hasSuffix("seed=5") })
        #expect(RunSelection(queries: ["prop:"]).ids(from: ids).allSatisfy { $0.hasPrefix("prop:") })
        #expect(throws: ConformanceError.badShard("3/2")) { try Shard(parsing: "3/2") }
        #expect(throws: ConformanceError.badShard("0/2")) { try Shard(parsing: "0/2") }
    }
}
