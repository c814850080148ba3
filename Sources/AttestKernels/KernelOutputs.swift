import AttestCore
import AttestTensor

/// A kernel's results in its accumulation type, contiguous: `o [B, Sq, Hq, Dv]`
/// and `lse [B, Hq, Sq]`. Kernels fill these first and `write(into:)` copies
/// them into the caller's buffers (any element type, any strides) at the end,
/// so no output view is written while inputs that may share its storage are read.
final class KernelOutputs<S: KernelScalar> {
    let dims: AttentionDims
    let o: ScratchBuffer<S>
    let lse: ScratchBuffer<S>

    init(dims: AttentionDims) {
        self.dims = dims
        o = ScratchBuffer(count: dims.batch * dims.queryLength * dims.queryHeads * dims.valueDim, repeating: 0)
        lse = ScratchBuffer(count: dims.batch * dims.queryHeads * dims.queryLength, repeating: -.infinity)
    }

    /// Start of the `Dv` outputs of query `i`, head `h`, batch `b`.
    @inline(__always) func oRow(batch b: Int, query i: Int, head h: Int) -> UnsafeMutablePointer<S> {
        o.pointer + ((b &* dims.queryLength &+ i) &* dims.queryHeads &+ h) &* dims.valueDim
    }

    /// Position of `lse[b, h, i]`.
    @inline(__always) func lseIndex(batch b: Int, head h: Int, query i: Int) -> Int {
        (b &* dims.queryHeads &+ h) &* dims.queryLength &+ i
    }

    /// Stores the finished row: `o = acc / l`, `lse = m + log(l)` (in `S`); a
    /// row that saw no key (`l == 0`) gets `o = 0`, `lse = -inf`. A NaN `l`
    /// (a NaN score among the visible ones) is not "no key": it gives NaN.
    @inline(__always)
    func finishRow(batch b: Int, query i: Int, head h: Int, accumulator acc: UnsafePointer<S>, max m: S, sum l: S) {
        let out = oRow(batch: b, query: i, head: h)
        let dv = dims.valueDim
        guard l != 0 else {
            out.update(repeating: 0, count: dv)
            lse[lseIndex(batch: b, head: h, query: i)] = -.infinity
            return
        }
        let inverse = 1 / l
        for e in 0 ..< dv { out[e] = acc[e] * inverse }
        lse[lseIndex(batch: b, head: h, query: i)] = m + S.logarithm(l)
    }

    /// Copies the results into `output`, rounding each element once to the
    /// buffer's element type.
    func write(into output: AttentionOutput) {
        let d = dims
        let os = output.o.strides
        output.o.scatter(from: o.pointer, axes: [
            CopyAxis(count: d.batch, source: d.queryLength * d.queryHeads * d.valueDim, destination: os[0]),
            CopyAxis(count: d.queryLength, source: d.queryHeads * d.valueDim, destination: os[1]),
            CopyAxis(count: d.queryHeads, source: d.valueDim, destination: os[2]),
            CopyAxis(count: d.valueDim, source: 1, destination: os[3]),
        ])
        if let out = output.lse {
            let ls = out.strides
            out.scatter(from: lse.pointer, axes: [
                CopyAxis(count: d.batch, source: d.queryHeads * d.queryLength, destination: ls[0]),
                CopyAxis(count: d.queryHeads, source: d.queryLength, destination: ls[1]),
                CopyAxis(count: d.queryLength, source: 1, destination: ls[2]),
            ])
        }
    }
}

extension ScratchBuffer {
    @inline(__always) subscript(_ i: Int) -> Element {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }
}

/// Checks shared by the shipped kernels at the top of `forward`: the
/// arguments and output shapes are valid and the call is within `kernel`'s
/// declared capabilities (a clear `notSupported` error instead of a trap).
func checkCall(_ kernel: some AttentionKernel, _ args: AttentionArguments, _ output: AttentionOutput) throws {
    try args.validate()
    try output.validate(for: args.dims)
    if case let .notSupported(reason) = kernel.capabilities.support(for: args) {
        throw AttestError.notSupported(kernel: kernel.name, reason: reason)
    }
    if output.lse != nil && !kernel.capabilities.features.contains(.logSumExp) {
        throw AttestError.notSupported(kernel: kernel.name, reason: "feature lse")
    }
}
