import AttestCore
import AttestTensor

/// How a kernel wants a `[B, S, H, X]` input (q, k or v) laid out in its
/// contiguous accumulation-type buffer.
enum HeadLayout {
    /// `[B, H, S, X]`: each head's rows contiguous (keys and values for GEMMs
    /// and tiles, queries for the tiled kernel).
    case rows
    /// `[B, H, X, S]`: each head transposed, so a key tile's scores are
    /// accumulated as rank-1 updates over X with a contiguous inner loop over keys.
    case transposed
    /// `[B, H/G, S, G, X]`: the G query heads that share a kv head interleaved
    /// per query, so one GEMM covers a whole GQA group.
    case grouped(Int)
}

extension AnyTensor {
    /// A contiguous copy of this `[B, S, H, X]` tensor in `layout`, widened to
    /// `S` (exactly; see `AnyTensor.gather`). Reads only positions inside the
    /// tensor's shape, whatever its strides.
    func packed<S: KernelScalar>(_ layout: HeadLayout, as _: S.Type = S.self) -> ScratchBuffer<S> {
        let (nb, ns, nh, nx) = (shape[0], shape[1], shape[2], shape[3])
        let st = strides
        let buffer = ScratchBuffer<S>(count: nb * ns * nh * nx, repeating: 0)
        let axes: [CopyAxis]
        switch layout {
        case .rows:
            axes = [CopyAxis(count: nb, source: st[0], destination: nh * ns * nx),
                    CopyAxis(count: nh, source: st[2], destination: ns * nx),
                    CopyAxis(count: ns, source: st[1], destination: nx),
                    CopyAxis(count: nx, source: st[3], destination: 1)]
        case .transposed:
            axes = [CopyAxis(count: nb, source: st[0], destination: nh * nx * ns),
                    CopyAxis(count: nh, source: st[2], destination: nx * ns),
                    CopyAxis(count: nx, source: st[3], destination: ns),
                    CopyAxis(count: ns, source: st[1], destination: 1)]
        case let .grouped(g):
            precondition(g >= 1 && nh % g == 0, "group size \(g) does not divide \(nh) heads")
            axes = [CopyAxis(count: nb, source: st[0], destination: nh * ns * nx),
                    CopyAxis(count: nh / g, source: st[2] * g, destination: ns * g * nx),
                    CopyAxis(count: ns, source: st[1], destination: g * nx),
                    CopyAxis(count: g, source: st[2], destination: nx),
                    CopyAxis(count: nx, source: st[3], destination: 1)]
        }
        gather(axes: axes, into: buffer.pointer)
        return buffer
    }
}
