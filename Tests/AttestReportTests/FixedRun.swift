import AttestConformance
import AttestCore
import Foundation

/// A small run built by hand: every renderer's snapshot is of this value, so
/// nothing in it depends on the machine, the clock or the kernels. Its four
/// results cover each line kind a renderer writes: a PASS with o and lse
/// reports, a NOT_SUPPORTED a stack's shape rule excluded, a FAIL with a
/// non-finite value in its report, and an ERROR.
enum FixedRun {
    static let pass = "fwd:gen:dense:dtype=f32;B=1;Hq=2;Hkv=2;Sq=4;Skv=4;D=8;Dv=8;mask=none;dist=normal;seed=0"
    static let excluded = "fwd:gen:dense:dtype=f32;B=1;Hq=3;Hkv=3;Sq=4;Skv=4;D=8;Dv=8;mask=causal_br;dist=normal;seed=0"
    static let fail = "fwd:gen:window:dtype=f16;B=1;Hq=2;Hkv=1;Sq=4;Skv=6;D=8;Dv=8;mask=window;wl=1;wr=0;dist=normal;seed=0"
    static let error = "prop:determinism:default:dtype=f32;B=1;Hq=2;Hkv=2;Sq=4;Skv=4;D=8;Dv=8;mask=none;dist=normal;seed=0"

    static var run: CertificationRun {
        var excludedResult = CaseResult(id: excluded, verdict: .notSupported, tags: ["f32", "mha", "causal_br"],
                                        reason: "ulysses:world=2: Hq=3 is not a multiple of P=2", seconds: 0.001)
        excludedResult.stackShape = true
        let results = [
            CaseResult(id: pass, verdict: .pass, tags: ["f32", "mha", "no_mask", "dense"], errors: [
                ErrorReport(tensor: "o", maxAbs: 2.5e-08, maxRel: 5e-08, baselineMaxAbs: 4e-07, bound: 2e-06, headroom: 0.0125,
                            worstIndex: [0, 3, 1, 7], nonFiniteMismatches: 0, passed: true),
                ErrorReport(tensor: "lse", maxAbs: 0, maxRel: 0, baselineMaxAbs: 1e-07, bound: 5e-07, headroom: 0,
                            worstIndex: [0, 0, 0], nonFiniteMismatches: 0, passed: true),
            ], seconds: 0.25, kernelSeconds: 0.125, referenceSeconds: 0.0625),
            excludedResult,
            CaseResult(id: fail, verdict: .fail, tags: ["f16", "gqa", "window", "sq_ne_skv"],
                       reason: "o: max|err| 3.00e-01 > bound 1.95e-03 (headroom 154) at [0, 2, 1, 4]", errors: [
                ErrorReport(tensor: "o", maxAbs: 0.3, maxRel: .infinity, baselineMaxAbs: 4.8e-4, bound: 1.953125e-3, headroom: 153.6,
                            worstIndex: [0, 2, 1, 4], nonFiniteMismatches: 1, passed: false),
            ], seconds: 0.5, kernelSeconds: 0.25, referenceSeconds: 0.125),
            CaseResult(id: error, verdict: .error, tags: ["f32", "mha", "no_mask", "prop", "determinism"],
                       reason: "the kernel threw: out of memory", seconds: 0.125),
        ]
        return CertificationRun(
            configuration: AttentionConfiguration(kernel: "tiled", preambles: [PreambleSpec(name: "ulysses", parameters: ["world": "2"])]),
            capabilities: KernelCapabilities(dtypes: [.float32, .float16], features: [.causalBottomRight, .slidingWindow, .groupedQuery, .logSumExp],
                                             fullyMaskedRows: .zero, deterministic: true, maxHeadDim: 256),
            policy: PolicyRecord(.current),
            profile: ProfileRecord(name: "fixed", sha256: String(repeating: "ab", count: 32), caseCount: 4),
            selection: RunSelection(seed: 0, queries: [], shard: nil),
            fixtures: FixtureManifest(files: ["masks.h5": String(repeating: "cd", count: 32)],
                                      sha256: String(repeating: "ef", count: 32), hdf5Version: "1.10.8"),
            suite: SuiteRecord(gitCommit: String(repeating: "0123456789", count: 4), gitDirty: false),
            environment: RunEnvironment(os: "Debian GNU/Linux 12 (bookworm)", cpu: "Test CPU", cores: 2, swift: "6.3",
                                        libhdf5: "1.10.8", openblas: "OpenBLAS 0.3.21"),
            command: "attest certify --kernel tiled --preamble ulysses:world=2 --profile fixed",
            results: results,
            decision: CertificationDecision(verdict: .notCertified, reasons: [
                "1 FAIL case(s), first \(fail)", "1 ERROR case(s), first \(error)",
            ]),
            timing: .init(started: Date(timeIntervalSince1970: 1_795_000_000), finished: Date(timeIntervalSince1970: 1_795_000_002),
                          wallSeconds: 1.5, jobs: 2))
    }
}
