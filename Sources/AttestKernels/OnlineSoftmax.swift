import AttestCore

/// The online-softmax step of the tiled kernels (`TiledAttention`,
/// `FlashAttention`), written once: one row's finished scores of a key block
/// merged into its running max m, running sum l and accumulator acc.
enum OnlineSoftmax {
    /// Merges the `count` finished scores at `s` (maximum `blockMax`, NaN when
    /// one is NaN) into row state (m, l, acc[0 ..< width]):
    ///
    ///     m' = max(m, blockMax)   (a NaN blockMax or m stays NaN)
    ///     s  = exp(s - m')        in place (`TileMath.exponentiate`), Σ in S
    ///     l' = α·l + Σ,  acc' = α·acc,  α = exp(m - m')   (not evaluated while m = -inf or m = m')
    ///
    /// and returns true; the caller then adds `s · v` to acc. Returns false,
    /// changing nothing, when every score is -inf (m' = -inf). A NaN max runs on
    /// and makes l, acc and so o and lse NaN.
    @inline(__always)
    static func absorb<S: KernelScalar>(scores s: UnsafeMutablePointer<S>, count: Int, blockMax: S,
                                        max m: UnsafeMutablePointer<S>, sum l: UnsafeMutablePointer<S>,
                                        accumulator acc: UnsafeMutablePointer<S>, width: Int) -> Bool {
        let mOld = m.pointee
        let mNew = blockMax.isNaN ? blockMax : Swift.max(mOld, blockMax) // max keeps a NaN mOld
        guard mNew != -S.infinity else { return false } // every score of the row in this block is -inf
        let sum = TileMath.exponentiate(s, count: count, subtracting: mNew) // s[c] = exp(s[c] - m'), and their sum
        if mOld == -S.infinity {
            l.pointee = sum // first visible block: α = 0 and acc is still 0
        } else if mOld == mNew {
            l.pointee += sum
        } else {
            let alpha = S.exponential(mOld - mNew)
            l.pointee = l.pointee * alpha + sum
            for e in 0 ..< width { acc[e] *= alpha }
        }
        m.pointee = mNew
        return true
    }
}
