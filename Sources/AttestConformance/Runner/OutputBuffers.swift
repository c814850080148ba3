import AttestCore
import AttestTensor

/// The buffers handed to a kernel, with the storage they view, so the runner
/// can check the kernel wrote nothing outside them.
struct OutputBuffers {
    var buffers: AttentionOutput
    /// For `.embedded`: the element count of the o and lse storages.
    var embedded: Bool

    static func allocate(_ kind: OutputAllocation, dims d: AttentionDims, dtype: DType, lse: Bool) -> OutputBuffers {
        switch kind {
        case .contiguous:
            return OutputBuffers(buffers: AttentionOutput.allocate(d, dtype: dtype, lseDType: lse ? .float64 : nil), embedded: false)
        case .embedded:
            // o: a [B, Hq, Sq, Dv + 3] NaN buffer, narrowed and permuted to [B, Sq, Hq, Dv].
            let oStore = AnyTensor.filled(dtype, shape: [d.batch, d.queryHeads, d.queryLength, d.valueDim + 3], value: .nan)
            let o = oStore.narrow(axis: 3, start: 1, length: d.valueDim).permute([0, 2, 1, 3])
            // lse: a [B, Hq, Sq + 2] NaN buffer, narrowed to [B, Hq, Sq].
            let l = lse ? AnyTensor.filled(.float64, shape: [d.batch, d.queryHeads, d.queryLength + 2], value: .nan)
                .narrow(axis: 2, start: 1, length: d.queryLength) : nil
            return OutputBuffers(buffers: AttentionOutput(o: o, lse: l), embedded: true)
        }
    }

    /// nil when every storage element outside the views is still NaN; else which buffer was written outside its view.
    func untouchedOutsideViews() -> String? {
        guard embedded else { return nil }
        var problems: [String] = []
        for (name, view) in [("o", Optional(buffers.o)), ("lse", buffers.lse)] {
            guard let view else { continue }
            let inside = Set(StorageIndices.of(view))
            let all = StorageIndices.values(view)
            let written = all.indices.filter { !inside.contains($0) && !all[$0].isNaN }
            if !written.isEmpty { problems.append("\(name): \(written.count) storage element(s) outside the view were written") }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}

/// Raw storage access for the embedded-buffer checks.
enum StorageIndices {
    static func of(_ t: AnyTensor) -> [Int] {
        var out: [Int] = []
        let base = t.base
        Tensor<Double>.forEachIndex(in: base.shape) { i in
            var p = base.offset
            for a in i.indices { p += i[a] * base.strides[a] }
            out.append(p)
        }
        return out
    }

    /// Every element of the storage behind `t`, widened.
    static func values(_ t: AnyTensor) -> [Double] {
        switch t {
        case let .float64(x): x.storage.elements
        case let .float32(x): x.storage.elements.map(Double.init)
        case let .float16(x): x.storage.elements.map(Double.init)
        case let .bfloat16(x): x.storage.elements.map(\.doubleValue)
        }
    }
}
