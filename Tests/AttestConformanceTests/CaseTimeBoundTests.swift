import AttestConformance
import AttestCore
import Testing

/// A supervised case's time bound (`CaseTimeBound`): the base bound up to
/// 2^33 visible FLOPs, scaled with the visible FLOPs above it. Expected
/// counts are worked by hand from the masks' definitions.
@Suite struct CaseTimeBoundTests {
    static func spec(_ id: String) throws -> CaseSpec { try CaseSpec(parsing: id) }

    /// The bound of `spec` at a base of 60 s, in seconds.
    static func seconds(_ spec: CaseSpec) -> Double {
        let d = CaseTimeBound.bound(spec, base: .seconds(60)).components
        return Double(d.seconds) + Double(d.attoseconds) * 1e-18
    }

    @Test func visibleFlopsCountThePairsCausalAndWindowLeave() throws {
        // Sq = Skv = 8, window (2, 0): row i sees keys max(0, i-2) ... i: 1+2+3·6 = 21 pairs; 2·B·Hq·(D+Dv) = 2·2·3·(4+4) = 96.
        let window = try Self.spec("fwd:gen:x:dtype=f32;B=2;Hq=3;Hkv=3;Sq=8;Skv=8;D=4;Dv=4;mask=window;wl=2;wr=0;dist=normal;seed=0")
        #expect(CaseTimeBound.visibleFlops(window.problem) == 96 * 21)
        // Causal top-left, Sq = 3, Skv = 5: rows see 1, 2, 3 keys; bottom-right: 3, 4, 5 (the diagonal is i + 2).
        let tl = try Self.spec("fwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=3;Skv=5;D=1;Dv=1;mask=causal_tl;dist=normal;seed=0")
        let br = try Self.spec("fwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=3;Skv=5;D=1;Dv=1;mask=causal_br;dist=normal;seed=0")
        #expect(CaseTimeBound.visibleFlops(tl.problem) == 4 * 6 && CaseTimeBound.visibleFlops(br.problem) == 4 * 12)
        // Padding hides keys but is not counted: the bound covers every drawn length.
        let padded = try Self.spec("fwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=3;Skv=5;D=1;Dv=1;mask=key_padding;dist=normal;seed=0")
        #expect(CaseTimeBound.visibleFlops(padded.problem) == 4 * 15)
    }

    @Test func theBaseBoundHoldsForSmallCasesAndScalesWithFlopsAndElements() throws {
        let base = Duration.seconds(60)
        let small = try Self.spec("fwd:gen:x:dtype=f32;B=1;Hq=1;Hkv=1;Sq=3;Skv=5;D=1;Dv=1;mask=none;dist=normal;seed=0")
        #expect(CaseTimeBound.bound(small, base: base) == base)
        // Dense 32768² with B·Hq = 2 and D + Dv = 64: 2·2·64·2^30 = 2^38 FLOPs, 32 base bounds;
        // q, o 2^21 elements each, k, v 2^20: 3·2^21 = 0.1875 of 2^25.
        let dense = try Self.spec("fwd:gen:x:dtype=f32;B=1;Hq=2;Hkv=1;Sq=32768;Skv=32768;D=32;Dv=32;mask=none;dist=normal;seed=0")
        #expect(abs(Self.seconds(dense) - 60 * 32.1875) < 1e-6)
        // The same under causal bottom-right: 2^29 + 2^14 pairs per head, so just over half the FLOPs.
        let causal = try Self.spec("fwd:gen:x:dtype=f32;B=1;Hq=2;Hkv=1;Sq=32768;Skv=32768;D=32;Dv=32;mask=causal_br;dist=normal;seed=0")
        #expect(abs(Self.seconds(causal) - 60 * (16 + 1.0 / 2048 + 0.1875)) < 1e-6)
        // Decode against 2^17 keys, B 2, Hkv 2, D 128: k and v 2^26 elements each (q, o 2^12): just over 4 base
        // bounds from the elements, 2^31 FLOPs (a quarter bound) from the work.
        let decode = try Self.spec("fwd:gen:x:dtype=f32;B=2;Hq=16;Hkv=2;Sq=1;Skv=131072;D=128;Dv=128;mask=key_padding;dist=normal;seed=0")
        #expect(abs(Self.seconds(decode) - 60 * (4 + 1.0 / 4096 + 0.25)) < 1e-6)
    }

    /// Every case of the profiles `make conformance` and `make test` run keeps the base bound.
    @Test(arguments: ["smoke", "standard", "full", "stacks"])
    func everyCaseOfTheSmallerProfilesKeepsTheBaseBound(_ name: String) throws {
        for spec in try Fixture.profile(name).cases {
            #expect(CaseTimeBound.bound(spec, base: .seconds(60)) == .seconds(60), "\(spec.id)")
        }
    }
}
