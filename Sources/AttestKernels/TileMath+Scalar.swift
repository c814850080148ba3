import AttestCore

/// The scalar versions of `TileMath`'s loops, used in debug builds. Each gives
/// the same bits as its SIMD twin: every output element sees the same
/// operations in the same order (no fused multiply-add in either).
extension TileMath {
    /// Scalar version of `scores`: one row at a time, a rank-1 update per feature x.
    static func scoresScalar<S: KernelScalar>(q: UnsafePointer<S>, rows: Int, kT: UnsafePointer<S>, ldk: Int,
                                              headDim D: Int, keys n: Int, into s: UnsafeMutablePointer<S>, lds: Int) {
        for r in 0 ..< rows {
            let qRow = q + r &* D, sRow = s + r &* lds
            for c in 0 ..< n { sRow[c] = 0 }
            for x in 0 ..< D {
                let qx = qRow[x], kRow = kT + x &* ldk
                for c in 0 ..< n { sRow[c] += qx * kRow[c] }
            }
        }
    }

    /// Scalar version of `accumulate`.
    static func accumulateScalar<S: KernelScalar>(weights p: UnsafePointer<S>, keys n: Int, values v: UnsafePointer<S>,
                                                  valueDim Dv: Int, into acc: UnsafeMutablePointer<S>) {
        for c in 0 ..< n {
            let pc = p[c]
            guard pc != 0 else { continue }
            let vRow = v + c &* Dv
            for e in 0 ..< Dv { acc[e] += pc * vRow[e] }
        }
    }

    /// Scalar version of the sum of `exponentiate`: the same W partial sums,
    /// computed one lane after the other.
    static func sumScalar<S: KernelScalar>(_ row: UnsafeMutablePointer<S>, count: Int) -> S {
        let w = S.Vector.scalarCount
        let full = count - count % w
        var sum: S = 0
        for lane in 0 ..< w {
            var partial: S = 0
            var c = lane
            while c < full {
                partial += row[c]
                c &+= w
            }
            sum += partial
        }
        var tail: S = 0
        for c in full ..< count { tail += row[c] }
        return sum + tail
    }
}
