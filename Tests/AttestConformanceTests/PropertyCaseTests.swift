@testable import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Foundation
import Synchronization
import Testing

/// Each property bites: a kernel with the matching defect fails it, and the
/// reference passes it.
struct PropertyCaseTests {
    func result(_ kernel: any AttentionKernel, _ name: String, _ variant: String, dtype: String = "f32") throws -> CaseResult {
        let profile = try Fixture.profile("standard")
        let id = try #require(profile.ids.first { $0.hasPrefix("prop:\(name):\(variant):dtype=\(dtype);") }, "no \(name):\(variant)")
        return InProcessExecutor().execute(CaseResolver(golden: sharedGolden, cache: sharedCache).resolve(id), kernel: kernel)
    }

    /// Reads q, k, v as if contiguous from their storage offset: ignores strides.
    static let strideBlind = FakeKernel(name: "stride-blind") { a in
        func blind(_ t: AnyTensor) -> AnyTensor {
            let w = t.base
            let all = StorageIndices.values(t)
            let n = t.count
            return AnyTensor.converting(Tensor<Double>(shape: w.shape, elements: Array(all[w.offset ..< min(all.count, w.offset + n)])
                + Array(repeating: 0, count: max(0, w.offset + n - all.count))), to: t.dtype)
        }
        var b = a
        b.q = blind(a.q); b.k = blind(a.k); b.v = blind(a.v)
        return b
    }

    @Test(arguments: [("layout", "bhsd"), ("layout", "padded"), ("layout", "fused_qkv"), ("nan_oob", "default")])
    func strideBlindKernelFailsLayoutProperties(_ name: String, _ variant: String) throws {
        let r = try result(Self.strideBlind, name, variant)
        #expect(r.verdict == .fail && r.tags.contains(name), "\(r.id): \(r.verdict) \(r.reason ?? "")")
        #expect(try result(ReferenceAttention(), name, variant).verdict == .pass)
    }

    @Test func unwrittenElementFailsPoisonedOutput() throws {
        let lazy = FakeKernel(name: "skips-last-row", after: { a, out in
            let d = a.dims
            for e in 0 ..< d.valueDim { out.o.set(.nan, at: [d.batch - 1, d.queryLength - 1, d.queryHeads - 1, e]) }
        })
        let r = try result(lazy, "poisoned_output", "default")
        #expect(r.verdict == .fail && (r.reason ?? "").contains("NaN/inf"), "\(r.reason ?? "")")
    }

    @Test func nondeterministicKernelFailsDeterminism() throws {
        let counter = Counter()
        let noisy = FakeKernel(name: "noisy", after: { _, out in
            if counter.next() % 2 == 1 { out.o.set(out.o.double(at: [0, 0, 0, 0]).nextUp, at: [0, 0, 0, 0]) }
        })
        let r = try result(noisy, "determinism", "default", dtype: "f64")
        #expect(r.verdict == .fail && (r.reason ?? "").contains("differ"), "\(r.reason ?? "")")
        var caps = KernelCapabilities.complete
        caps.deterministic = false
        let declared = FakeKernel(name: "declared-nondeterministic", capabilities: caps) { $0 }
        #expect(try result(declared, "determinism", "default").verdict == .notSupported)
    }

    /// lse off by `offset` in every row, o exact. Before shift_keys judged against
    /// the shifted problem's golden, its lse bound absorbed the shift itself (26
    /// to 33,000) and such a kernel passed `shift_keys:large`.
    static func lseOffBy(_ offset: Double) -> FakeKernel {
        FakeKernel(name: "lse-off-by-\(offset)", after: { a, out in
            guard let lse = out.lse else { return }
            Tensor<Double>.forEachIndex(in: a.dims.lseShape) { i in lse.set(lse.double(at: i) + offset, at: i) }
        })
    }

    @Test(arguments: [("f32", 1.0), ("f64", 1.0), ("f16", 8.0), ("bf16", 8.0)])
    func wrongLSEFailsShiftKeys(_ dtype: String, _ offset: Double) throws {
        for variant in ["small", "large"] {
            let r = try result(Self.lseOffBy(offset), "shift_keys", variant, dtype: dtype)
            #expect(r.verdict == .fail, "\(r.id): \(r.verdict) \(r.reason ?? "")")
            let reference = try result(ReferenceAttention(), "shift_keys", variant, dtype: dtype)
            #expect(reference.verdict == .pass, "\(reference.id): \(reference.verdict) \(reference.reason ?? "")")
        }
    }

    @Test func tiledHeadMappingFailsConstantV() throws {
        // GQA mapping by tile (h % Hkv) instead of repeat-interleave (h / (Hq/Hkv)).
        let tiled = FakeKernel(name: "gqa-tiled") { a in
            let d = a.dims
            var b = a
            let order = (0 ..< d.queryHeads).map { $0 % d.keyValueHeads }
            for (name, x) in [("k", a.k), ("v", a.v)] {
                let w = x.widened()
                let e = AnyTensor.converting(Tensor<Double>(shape: [w.shape[0], w.shape[1], d.queryHeads, w.shape[3]]) { i in
                    w[i[0], i[1], order[i[2]], i[3]]
                }, to: x.dtype)
                if name == "k" { b.k = e } else { b.v = e }
            }
            return b
        }
        let r = try result(tiled, "gqa_mha", "constant_v")
        #expect(r.verdict == .fail && r.tags.contains("gqa"))
    }

    @Test func kernelWithoutLSEIsNotSupportedForTheLSEProperty() throws {
        var caps = KernelCapabilities.complete
        caps.features.remove(.logSumExp)
        let r = try result(FakeKernel(name: "no-lse", capabilities: caps) { $0 }, "lse", "masked")
        #expect(r.verdict == .notSupported && (r.reason ?? "").contains("lse"))
    }

    @Test func wrongLSEFailsEvenWhenOutputIsRight() throws {
        let base2 = FakeKernel(name: "lse-base-2", after: { a, out in
            guard let lse = out.lse else { return }
            Tensor<Double>.forEachIndex(in: lse.shape) { i in lse.set(lse.double(at: i) / log(2), at: i) }
        })
        let r = try result(base2, "lse", "default")
        #expect(r.verdict == .fail && r.errors.contains { $0.tensor == "lse" && !$0.passed })
    }

    @Test(arguments: PropertyCases.variants.flatMap { p in p.variants.map { (p.name, $0) } })
    func referencePassesEveryProperty(_ name: String, _ variant: String) throws {
        for dtype in ["f32", "bf16"] {
            let r = try result(ReferenceAttention(), name, variant, dtype: dtype)
            #expect(r.verdict == .pass, "\(r.id): \(r.reason ?? "")")
        }
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
