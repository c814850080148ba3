import AttestCore
import AttestTensor

extension AnyTensor {
    /// This `[B, S, H, X]` key tensor widened to `T` as key panels
    /// `[B, H, ⌈S/L⌉, X, L]` with L = `FlashMath.lanes(T.self)`: key s of head h is
    /// column `s % L` of panel `s / L`; the columns past S of the last panel are 0.
    /// Reads only positions inside the tensor's shape, whatever its strides.
    func packedKeyPanels<T: KernelScalar>(as _: T.Type = T.self) -> ScratchBuffer<T> {
        let (nb, ns, nh, nx) = (shape[0], shape[1], shape[2], shape[3])
        let lanes = FlashMath.lanes(T.self), panels = (ns + lanes - 1) / lanes, full = ns / lanes
        let st = strides
        let panel = nx * lanes, head = panels * panel
        let buffer = ScratchBuffer<T>(count: nb * nh * head, repeating: 0)
        gather(axes: [CopyAxis(count: nb, source: st[0], destination: nh * head),
                      CopyAxis(count: nh, source: st[2], destination: head),
                      CopyAxis(count: full, source: st[1] * lanes, destination: panel),
                      CopyAxis(count: nx, source: st[3], destination: lanes),
                      CopyAxis(count: lanes, source: st[1], destination: 1)],
               into: buffer.pointer)
        if full < panels {
            gather(axes: [CopyAxis(count: nb, source: st[0], destination: nh * head),
                          CopyAxis(count: nh, source: st[2], destination: head),
                          CopyAxis(count: nx, source: st[3], destination: lanes),
                          CopyAxis(count: ns - full * lanes, source: st[1], destination: 1)],
                   extraOffset: full * lanes * st[1], into: buffer.pointer + full * panel)
        }
        return buffer
    }

    /// This `[B, S, H, X]` tensor widened to `T` as `[B, H, S, width]`
    /// rows (width >= X), the features past X set to 0.
    func packedRows<T: KernelScalar>(width: Int, as _: T.Type = T.self) -> ScratchBuffer<T> {
        let (nb, ns, nh, nx) = (shape[0], shape[1], shape[2], shape[3])
        precondition(width >= nx, "row width \(width) is less than the \(nx) features")
        let st = strides
        let buffer = ScratchBuffer<T>(count: nb * nh * ns * width, repeating: 0)
        gather(axes: [CopyAxis(count: nb, source: st[0], destination: nh * ns * width),
                      CopyAxis(count: nh, source: st[2], destination: ns * width),
                      CopyAxis(count: ns, source: st[1], destination: width),
                      CopyAxis(count: nx, source: st[3], destination: 1)],
               into: buffer.pointer)
        return buffer
    }
}
