import AttestTensor

/// The buffers a kernel writes: `o [B, Sq, Hq, Dv]` and, when requested,
/// `lse [B, Hq, Sq]`. The caller allocates them (any element type and any
/// strides the kernel declares it accepts) and the kernel must write every
/// element; the conformance runner fills them with NaN first, so an element
/// left unwritten fails.
public struct AttentionOutput: Sendable {
    public var o: AnyTensor
    public var lse: AnyTensor?

    public init(o: AnyTensor, lse: AnyTensor? = nil) {
        self.o = o
        self.lse = lse
    }

    /// Fresh contiguous buffers for `dims`, every element set to `fill`.
    public static func allocate(_ dims: AttentionDims, dtype: DType, lseDType: DType? = .float64,
                                fill: Double = .nan) -> AttentionOutput {
        AttentionOutput(o: .filled(dtype, shape: dims.outputShape, value: fill),
                        lse: lseDType.map { .filled($0, shape: dims.lseShape, value: fill) })
    }

    /// Throws when the buffers' shapes do not fit `dims`.
    public func validate(for dims: AttentionDims) throws {
        guard o.shape == dims.outputShape else {
            throw AttestError.invalidArguments("output o must have shape \(dims.outputShape) [B, Sq, Hq, Dv], got \(o.shape)")
        }
        if let lse, lse.shape != dims.lseShape {
            throw AttestError.invalidArguments("output lse must have shape \(dims.lseShape) [B, Hq, Sq], got \(lse.shape)")
        }
    }
}
