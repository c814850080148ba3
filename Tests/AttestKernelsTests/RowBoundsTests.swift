import AttestCore
import AttestTensor
import Testing
@testable import AttestKernels

/// `RowBounds` turns segment, padding, causal and window rules into one key
/// interval per row; it must agree with `AttentionMask.isVisible` (the
/// contract's own rules) on every (b, i, j) when no boolean mask is set.
@Suite("RowBounds agrees with AttentionMask.isVisible")
struct RowBoundsTests {
    static let cases = KernelCase.matrix + (1 ... 60).map { KernelCase.random(seed: 1000 + $0) }

    @Test("interval == visible keys", arguments: cases)
    func agrees(_ kase: KernelCase) {
        var mask = kase.arguments(.float64).mask
        mask.boolean = nil
        let d = kase.dims
        var mismatches: [String] = []
        for b in 0 ..< d.batch {
            let table = RowBounds.table(mask: mask, batch: b, dims: d)
            for i in 0 ..< d.queryLength {
                let segment = mask.segment(batch: b, query: i, dims: d)
                for j in 0 ..< d.keyLength {
                    let visible = segment.map { mask.isVisible(batch: b, head: 0, query: i, key: j, segment: $0) } ?? false
                    let inside = table[i].lo <= j && j < table[i].hi
                    if visible != inside { mismatches.append("b=\(b) i=\(i) j=\(j): isVisible \(visible), bounds \(table[i])") }
                }
                if let segment, !table[i].isEmpty {
                    let center = segment.keyStart + segment.localQuery + segment.bottomRightOffset
                    if table[i].alibiCenter != center { mismatches.append("b=\(b) i=\(i): ALiBi center \(table[i].alibiCenter) != \(center)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "'\(kase.name)': \(mismatches.count) mismatches, first \(mismatches.prefix(3))")
    }
}
