import AttestCore
import AttestTensor
import Foundation

/// o stored through a shared per-row exponent (block floating point, as a
/// kernel that scales each output row by its largest magnitude before storing
/// it, or packs it with one exponent per row): every element of row (b, i, h)
/// is rounded to the grid of the row's largest element, spacing
/// `2u · 2^E` with E = ⌊log2 max_e |o[b,i,h,e]|⌋ and u the element type's unit
/// roundoff. The largest element keeps its own rounding; an element far below
/// it is off by up to u · 2^E, a few of its own ulps or many. Under tolerance
/// policy version 3 every element shared the floor of the largest one, which
/// is at least that, so version 3 certified it; version 4's per-element floor
/// rejects it (`docs/tolerance.md`).
struct SharedRowExponent: AttentionSteps {
    func finish(_ output: AttentionOutput) {
        let o = output.o, dims = o.shape, u = o.dtype.unitRoundoff
        for b in 0 ..< dims[0] {
            for i in 0 ..< dims[1] {
                for h in 0 ..< dims[2] {
                    var rowMax = 0.0
                    for e in 0 ..< dims[3] where o.double(at: [b, i, h, e]).isFinite {
                        rowMax = max(rowMax, abs(o.double(at: [b, i, h, e])))
                    }
                    guard rowMax > 0, rowMax.isNormal else { continue }
                    let spacing = 2 * u * Foundation.pow(2, Double(rowMax.exponent))
                    for e in 0 ..< dims[3] {
                        let x = o.double(at: [b, i, h, e])
                        if x.isFinite { o.set((x / spacing).rounded() * spacing, at: [b, i, h, e]) }
                    }
                }
            }
        }
    }
}
