import AttestCore

/// The inner loops of the kernels: the two inner products of `TiledAttention`
/// and the softmax exponentials of both kernels, each in two versions that give
/// bit-identical results (tested): explicit SIMD vectors of `S.Vector` (16 Float
/// or 8 Double lanes) for optimized builds, and plain scalar loops
/// (`TileMath+Scalar.swift`) for debug builds, where unspecialized SIMD types
/// run about 10x slower than scalar code and would make `swift test` crawl.
///
/// The products keep the summation order of the textbook loops (each output
/// element is summed over its own index in increasing order, one multiply and
/// one add per term, no fused multiply-add), so results do not depend on
/// tiling or vector width.
enum TileMath {
    /// Whether the SIMD versions run: true in optimized builds.
    #if DEBUG
    static let vectorized = false
    #else
    static let vectorized = true
    #endif

    /// `s[r·lds + c] = Σ_{x < D} q[r·D + x] · kT[x·ldk + c]` for `r < rows`, `c < n`.
    ///
    /// q: `rows` query rows of length D (contiguous); kT: keys transposed, key
    /// c of feature x at `kT[x·ldk + c]`.
    @inline(__always)
    static func scores<S: KernelScalar>(q: UnsafePointer<S>, rows: Int, kT: UnsafePointer<S>, ldk: Int,
                                        headDim D: Int, keys n: Int, into s: UnsafeMutablePointer<S>, lds: Int) {
        if vectorized {
            scoresVectorized(q: q, rows: rows, kT: kT, ldk: ldk, headDim: D, keys: n, into: s, lds: lds)
        } else {
            scoresScalar(q: q, rows: rows, kT: kT, ldk: ldk, headDim: D, keys: n, into: s, lds: lds)
        }
    }

    /// `acc[e] += Σ_{c < n, p[c] ≠ 0} p[c] · v[c·Dv + e]` for `e < Dv`, in key
    /// order. Keys with weight exactly 0 are skipped, so a masked key's value
    /// row is never read into the result (not even as 0·NaN).
    @inline(__always)
    static func accumulate<S: KernelScalar>(weights p: UnsafePointer<S>, keys n: Int, values v: UnsafePointer<S>,
                                            valueDim Dv: Int, into acc: UnsafeMutablePointer<S>) {
        if vectorized {
            accumulateVectorized(weights: p, keys: n, values: v, valueDim: Dv, into: acc)
        } else {
            accumulateScalar(weights: p, keys: n, values: v, valueDim: Dv, into: acc)
        }
    }

    /// Replaces `row[c]` by `exp(row[c] - shift)` for `c < count` and returns
    /// their sum, accumulated in `S` in a fixed order: W = `S.Vector.scalarCount`
    /// interleaved partial sums (partial k adds c = k, k+W, k+2W, … of the
    /// largest multiple of W, in order), added in lane order, plus the
    /// sequential sum of the tail. No less accurate than one sequential sum,
    /// and free of its add-latency chain.
    @inline(__always)
    static func exponentiate<S: KernelScalar>(_ row: UnsafeMutablePointer<S>, count: Int, subtracting shift: S) -> S {
        for c in 0 ..< count { row[c] = S.exponential(row[c] - shift) }
        return vectorized ? sumVectorized(row, count: count) : sumScalar(row, count: count)
    }

    /// The sum of `exponentiate`, with SIMD partial sums.
    @inline(__always)
    static func sumVectorized<S: KernelScalar>(_ row: UnsafeMutablePointer<S>, count: Int) -> S {
        let w = S.Vector.scalarCount
        var partial = S.Vector()
        var c = 0
        while c &+ w <= count {
            partial += UnsafeRawPointer(row + c).loadUnaligned(as: S.Vector.self)
            c &+= w
        }
        var tail: S = 0
        while c < count {
            tail += row[c]
            c &+= 1
        }
        var sum: S = 0
        for lane in 0 ..< w { sum += partial[lane] }
        return sum + tail
    }

    /// SIMD version of `scores`. Register tile: 4 rows × one vector of keys.
    @inline(__always)
    static func scoresVectorized<S: KernelScalar>(q: UnsafePointer<S>, rows: Int, kT: UnsafePointer<S>, ldk: Int,
                                        headDim D: Int, keys n: Int, into s: UnsafeMutablePointer<S>, lds: Int) {
        let w = S.Vector.scalarCount
        var r = 0
        while r < rows {
            // Rows past the end repeat the last row; their results are not stored.
            let q0 = q + r &* D
            let q1 = q + Swift.min(r &+ 1, rows &- 1) &* D
            let q2 = q + Swift.min(r &+ 2, rows &- 1) &* D
            let q3 = q + Swift.min(r &+ 3, rows &- 1) &* D
            let live = Swift.min(4, rows &- r)
            var c = 0
            while c &+ w <= n {
                var a0 = S.Vector(), a1 = S.Vector(), a2 = S.Vector(), a3 = S.Vector()
                for x in 0 ..< D {
                    let k = UnsafeRawPointer(kT + (x &* ldk &+ c)).loadUnaligned(as: S.Vector.self)
                    a0 += q0[x] * k
                    a1 += q1[x] * k
                    a2 += q2[x] * k
                    a3 += q3[x] * k
                }
                store(a0, s + (r &* lds &+ c))
                if live > 1 { store(a1, s + ((r &+ 1) &* lds &+ c)) }
                if live > 2 { store(a2, s + ((r &+ 2) &* lds &+ c)) }
                if live > 3 { store(a3, s + ((r &+ 3) &* lds &+ c)) }
                c &+= w
            }
            if c < n {
                for rr in r ..< r &+ live {
                    let qRow = q + rr &* D, sRow = s + rr &* lds
                    for cc in c ..< n { sRow[cc] = 0 }
                    for x in 0 ..< D {
                        let qx = qRow[x], kRow = kT + x &* ldk
                        for cc in c ..< n { sRow[cc] += qx * kRow[cc] }
                    }
                }
            }
            r &+= 4
        }
    }

    /// SIMD version of `accumulate`.
    @inline(__always)
    static func accumulateVectorized<S: KernelScalar>(weights p: UnsafePointer<S>, keys n: Int, values v: UnsafePointer<S>,
                                            valueDim Dv: Int, into acc: UnsafeMutablePointer<S>) {
        let w = S.Vector.scalarCount
        var e = 0
        // Four vectors of acc at once: independent add chains hide the add latency.
        while e &+ 4 &* w <= Dv {
            let base = UnsafeRawPointer(acc + e)
            var a0 = base.loadUnaligned(as: S.Vector.self)
            var a1 = base.loadUnaligned(fromByteOffset: w &* MemoryLayout<S>.stride, as: S.Vector.self)
            var a2 = base.loadUnaligned(fromByteOffset: 2 &* w &* MemoryLayout<S>.stride, as: S.Vector.self)
            var a3 = base.loadUnaligned(fromByteOffset: 3 &* w &* MemoryLayout<S>.stride, as: S.Vector.self)
            for c in 0 ..< n {
                let pc = p[c]
                guard pc != 0 else { continue }
                let row = UnsafeRawPointer(v + (c &* Dv &+ e))
                a0 += pc * row.loadUnaligned(as: S.Vector.self)
                a1 += pc * row.loadUnaligned(fromByteOffset: w &* MemoryLayout<S>.stride, as: S.Vector.self)
                a2 += pc * row.loadUnaligned(fromByteOffset: 2 &* w &* MemoryLayout<S>.stride, as: S.Vector.self)
                a3 += pc * row.loadUnaligned(fromByteOffset: 3 &* w &* MemoryLayout<S>.stride, as: S.Vector.self)
            }
            store(a0, acc + e)
            store(a1, acc + (e &+ w))
            store(a2, acc + (e &+ 2 &* w))
            store(a3, acc + (e &+ 3 &* w))
            e &+= 4 &* w
        }
        while e &+ w <= Dv {
            var a = UnsafeRawPointer(acc + e).loadUnaligned(as: S.Vector.self)
            for c in 0 ..< n {
                let pc = p[c]
                guard pc != 0 else { continue }
                a += pc * UnsafeRawPointer(v + (c &* Dv &+ e)).loadUnaligned(as: S.Vector.self)
            }
            store(a, acc + e)
            e &+= w
        }
        if e < Dv {
            for c in 0 ..< n {
                let pc = p[c]
                guard pc != 0 else { continue }
                let vRow = v + c &* Dv
                for ee in e ..< Dv { acc[ee] += pc * vRow[ee] }
            }
        }
    }

    @inline(__always)
    static func store<V: SIMD>(_ vector: V, _ pointer: UnsafeMutablePointer<V.Scalar>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: V.self)
    }
}
