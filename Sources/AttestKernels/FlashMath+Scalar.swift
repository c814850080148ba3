import AttestCore

/// The scalar versions of `FlashMath`'s products, used in debug builds. Each
/// gives the same bits as its SIMD twin: every output element is the same
/// chain of fused multiply-adds in the same order.
extension FlashMath {
    /// Scalar version of `scores`.
    static func scoresScalar<S: KernelScalar>(q: UnsafePointer<S>, rows: Int, headDim D: Int, panels: UnsafePointer<S>,
                             panelCount: Int, into s: UnsafeMutablePointer<S>, lds: Int) {
        let w = lanes(S.self)
        for r in 0 ..< rows {
            let qRow = q + r &* D
            for c in 0 ..< panelCount &* w {
                let k = panels + (c / w &* D &* w &+ c % w)
                var sum: S = 0
                for x in 0 ..< D { sum = sum.addingProduct(qRow[x], k[x &* w]) }
                s[r &* lds &+ c] = sum
            }
        }
    }

    /// Scalar version of `accumulate`.
    static func accumulateScalar<S: KernelScalar>(rows: UnsafePointer<Int>, count: Int, weights p: UnsafePointer<S>, ldp: Int,
                                 keys n: Int, values v: UnsafePointer<S>, ldv: Int,
                                 into acc: UnsafeMutablePointer<S>) {
        for i in 0 ..< count {
            let pRow = p + rows[i] &* ldp, aRow = acc + rows[i] &* ldv
            for c in 0 ..< n {
                let pc = pRow[c], vRow = v + c &* ldv
                for e in 0 ..< ldv { aRow[e] = aRow[e].addingProduct(pc, vRow[e]) }
            }
        }
    }

    /// Scalar version of `accumulateSkippingZeros`.
    static func accumulateSkippingZerosScalar<S: KernelScalar>(weights p: UnsafePointer<S>, keys n: Int, values v: UnsafePointer<S>,
                                              ldv: Int, into acc: UnsafeMutablePointer<S>) {
        for c in 0 ..< n where p[c] != 0 {
            let pc = p[c], row = v + c &* ldv
            for e in 0 ..< ldv { acc[e] = acc[e].addingProduct(pc, row[e]) }
        }
    }
}
