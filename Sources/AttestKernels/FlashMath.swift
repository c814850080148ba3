import AttestCore

/// The inner loops of `FlashAttention`, generic over the accumulation type
/// `S`, each in two versions with bit-identical results (tested):
/// register-blocked code on `S.Vector` (`SIMD16<Float>` or `SIMD8<Double>`:
/// two AVX2 registers per vector with `-target-cpu haswell`, as the package is
/// built; one AVX-512 register when compiled for a CPU that has it) for
/// optimized builds and plain
/// scalar loops for debug builds, where unspecialized SIMD code is about 10x
/// slower (as in `TileMath`).
///
/// Every output element is one chain of fused multiply-adds
/// (`addingProduct`, rounded once per term) over its own index in
/// increasing order, so results do not depend on the register tile, the
/// vector width or which rows share a tile.
///
/// Keys are read from panels: keys in groups of `lanes(S.self)`, each group stored
/// `[D, lanes]` contiguously (`AnyTensor.packedKeyPanels`), so the score loop
/// streams through memory instead of striding by Skv.
enum FlashMath {
    /// Keys per panel, features per value vector: 16 for Float, 8 for Double.
    @inline(__always) static func lanes<S: KernelScalar>(_: S.Type) -> Int { S.Vector.scalarCount }
    /// Rows per register tile of both products: 6 rows × one `S.Vector` are 12 AVX registers.
    static let tileRows = 6

    /// Whether the SIMD versions run: true in optimized builds.
    #if DEBUG
    static let vectorized = false
    #else
    static let vectorized = true
    #endif

    /// `s[r·lds + c] = Σ_{x < D} q[r·D + x] · key(c)[x]` for `r < rows` and
    /// `c < L·panelCount` (L = `lanes(S.self)`), where key c is column `c % L` of
    /// panel `c / L` (`panels + (c / L)·D·L`, feature x at `x·L`).
    @inline(__always)
    static func scores<S: KernelScalar>(q: UnsafePointer<S>, rows: Int, headDim D: Int, panels: UnsafePointer<S>,
                       panelCount: Int, into s: UnsafeMutablePointer<S>, lds: Int) {
        if vectorized {
            scoresVectorized(q: q, rows: rows, headDim: D, panels: panels, panelCount: panelCount, into: s, lds: lds)
        } else {
            scoresScalar(q: q, rows: rows, headDim: D, panels: panels, panelCount: panelCount, into: s, lds: lds)
        }
    }

    /// For each listed row `r = rows[i]` (`i < count`):
    /// `acc[r·ldv + e] += Σ_{c < n} p[r·ldp + c] · v[c·ldv + e]` for `e < ldv`
    /// (a multiple of `lanes(S.self)`), one fused multiply-add per term in key order.
    /// Every weight is used, zeros included: callers use it only when the n
    /// value rows are finite (0·v = 0 then).
    @inline(__always)
    static func accumulate<S: KernelScalar>(rows: UnsafePointer<Int>, count: Int, weights p: UnsafePointer<S>, ldp: Int, keys n: Int,
                           values v: UnsafePointer<S>, ldv: Int, into acc: UnsafeMutablePointer<S>) {
        if vectorized {
            accumulateVectorized(rows: rows, count: count, weights: p, ldp: ldp, keys: n, values: v, ldv: ldv, into: acc)
        } else {
            accumulateScalar(rows: rows, count: count, weights: p, ldp: ldp, keys: n, values: v, ldv: ldv, into: acc)
        }
    }

    /// One row: `acc[e] += Σ_{c < n, p[c] ≠ 0} p[c] · v[c·ldv + e]` for
    /// `e < ldv`, in key order; keys of weight 0 are never read, so a NaN or
    /// infinite value of a masked key cannot reach the row (no 0·NaN).
    @inline(__always)
    static func accumulateSkippingZeros<S: KernelScalar>(weights p: UnsafePointer<S>, keys n: Int, values v: UnsafePointer<S>,
                                        ldv: Int, into acc: UnsafeMutablePointer<S>) {
        if vectorized {
            accumulateSkippingZerosVectorized(weights: p, keys: n, values: v, ldv: ldv, into: acc)
        } else {
            accumulateSkippingZerosScalar(weights: p, keys: n, values: v, ldv: ldv, into: acc)
        }
    }

    /// SIMD version of `accumulateSkippingZeros`: one row, one vector of value features at a time.
    @inline(__always)
    static func accumulateSkippingZerosVectorized<S: KernelScalar>(weights p: UnsafePointer<S>, keys n: Int, values v: UnsafePointer<S>,
                                                  ldv: Int, into acc: UnsafeMutablePointer<S>) {
        var e = 0
        while e < ldv {
            var a = load(acc + e)
            for c in 0 ..< n where p[c] != 0 { a = a.addingProduct(p[c], load(v + (c &* ldv &+ e))) }
            store(a, acc + e)
            e &+= lanes(S.self)
        }
    }

    /// SIMD version of `scores`: 6 query rows × one panel of keys per register tile.
    @inline(__always)
    static func scoresVectorized<S: KernelScalar>(q: UnsafePointer<S>, rows: Int, headDim D: Int, panels: UnsafePointer<S>,
                                 panelCount: Int, into s: UnsafeMutablePointer<S>, lds: Int) {
        var r = 0
        while r < rows {
            // Rows past the end repeat the last row; their results are not stored.
            let last = rows &- 1
            let q0 = q + r &* D, q1 = q + Swift.min(r &+ 1, last) &* D, q2 = q + Swift.min(r &+ 2, last) &* D
            let q3 = q + Swift.min(r &+ 3, last) &* D, q4 = q + Swift.min(r &+ 4, last) &* D
            let q5 = q + Swift.min(r &+ 5, last) &* D
            let live = Swift.min(tileRows, rows &- r)
            for panel in 0 ..< panelCount {
                let k = panels + panel &* D &* lanes(S.self)
                var a0 = S.Vector(), a1 = S.Vector(), a2 = S.Vector(), a3 = S.Vector(), a4 = S.Vector(), a5 = S.Vector()
                for x in 0 ..< D {
                    let kx = load(k + x &* lanes(S.self))
                    a0 = a0.addingProduct(q0[x], kx)
                    a1 = a1.addingProduct(q1[x], kx)
                    a2 = a2.addingProduct(q2[x], kx)
                    a3 = a3.addingProduct(q3[x], kx)
                    a4 = a4.addingProduct(q4[x], kx)
                    a5 = a5.addingProduct(q5[x], kx)
                }
                let out = s + (r &* lds &+ panel &* lanes(S.self))
                store(a0, out)
                if live > 1 { store(a1, out + lds) }
                if live > 2 { store(a2, out + 2 &* lds) }
                if live > 3 { store(a3, out + 3 &* lds) }
                if live > 4 { store(a4, out + 4 &* lds) }
                if live > 5 { store(a5, out + 5 &* lds) }
            }
            r &+= tileRows
        }
    }

    /// SIMD version of `accumulate`: 6 listed rows × one vector of value features per register tile.
    @inline(__always)
    static func accumulateVectorized<S: KernelScalar>(rows: UnsafePointer<Int>, count: Int, weights p: UnsafePointer<S>, ldp: Int,
                                     keys n: Int, values v: UnsafePointer<S>, ldv: Int,
                                     into acc: UnsafeMutablePointer<S>) {
        var i = 0
        while i < count {
            let last = count &- 1
            let r0 = rows[i], r1 = rows[Swift.min(i &+ 1, last)], r2 = rows[Swift.min(i &+ 2, last)]
            let r3 = rows[Swift.min(i &+ 3, last)], r4 = rows[Swift.min(i &+ 4, last)]
            let r5 = rows[Swift.min(i &+ 5, last)]
            let p0 = p + r0 &* ldp, p1 = p + r1 &* ldp, p2 = p + r2 &* ldp
            let p3 = p + r3 &* ldp, p4 = p + r4 &* ldp, p5 = p + r5 &* ldp
            let live = Swift.min(tileRows, count &- i)
            var e = 0
            while e < ldv {
                let c0 = acc + (r0 &* ldv &+ e), c1 = acc + (r1 &* ldv &+ e), c2 = acc + (r2 &* ldv &+ e)
                let c3 = acc + (r3 &* ldv &+ e), c4 = acc + (r4 &* ldv &+ e), c5 = acc + (r5 &* ldv &+ e)
                var a0 = load(c0), a1 = load(c1), a2 = load(c2), a3 = load(c3), a4 = load(c4), a5 = load(c5)
                for c in 0 ..< n {
                    let vc = load(v + (c &* ldv &+ e))
                    a0 = a0.addingProduct(p0[c], vc)
                    a1 = a1.addingProduct(p1[c], vc)
                    a2 = a2.addingProduct(p2[c], vc)
                    a3 = a3.addingProduct(p3[c], vc)
                    a4 = a4.addingProduct(p4[c], vc)
                    a5 = a5.addingProduct(p5[c], vc)
                }
                // Repeated rows (past the end of the list) computed the last row's values again: not stored.
                store(a0, c0)
                if live > 1 { store(a1, c1) }
                if live > 2 { store(a2, c2) }
                if live > 3 { store(a3, c3) }
                if live > 4 { store(a4, c4) }
                if live > 5 { store(a5, c5) }
                e &+= lanes(S.self)
            }
            i &+= tileRows
        }
    }

    @inline(__always) static func load<S: KernelScalar>(_ pointer: UnsafePointer<S>) -> S.Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: S.Vector.self)
    }

    @inline(__always) static func load<S: KernelScalar>(_ pointer: UnsafeMutablePointer<S>) -> S.Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: S.Vector.self)
    }

    @inline(__always) static func store<S: KernelScalar>(_ vector: S.Vector, _ pointer: UnsafeMutablePointer<S>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: S.Vector.self)
    }
}
