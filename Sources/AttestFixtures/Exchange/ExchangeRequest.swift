import AttestCore
import AttestTensor

/// The request file of the external-kernel protocol (`docs/external-kernels.md` §3):
/// root attributes `protocol`, `protocol_version`, `calls`, and one group per
/// call, `c000000`, `c000001`, ..., with its attributes and contiguous,
/// unfiltered datasets.
public enum ExchangeRequest {
    public static let protocolName = "attest-external-kernel"
    public static let protocolVersion: Int64 = 1

    /// The group of call `index`: `c` and the index zero-padded to 6 digits.
    public static func groupName(_ index: Int) -> String { "c" + String(index).leftPadded(6) }

    /// Writes `calls` to a new file at `path` (replacing any), under the libhdf5 lock.
    public static func write(_ calls: [ExchangeCall], to path: String) throws(HDF5Error) {
        try HDF5Library.serialized { () throws(HDF5Error) in
            let root = try HDF5File.create(path).root()
            try root.writeAttribute("protocol", protocolName)
            try root.writeAttribute("protocol_version", protocolVersion)
            try root.writeAttribute("calls", Int64(calls.count))
            for (index, call) in calls.enumerated() {
                let g = try root.createGroup(groupName(index))
                try g.writeAttribute("case_id", call.caseID)
                for (name, value) in ExchangeCall.attributes(call.arguments, writesLSE: call.writesLSE) {
                    switch value {
                    case let .text(s): try g.writeAttribute(name, s)
                    case let .int(n): try g.writeAttribute(name, n)
                    case let .double(x): try g.writeAttribute(name, x)
                    }
                }
                for d in call.datasets { try write(d, to: g) }
            }
        }
    }

    private static func write(_ d: ExchangeDataset, to g: HDF5Group) throws(HDF5Error) {
        switch d.data {
        case let .float64(v): try g.createDataset(d.name, shape: d.shape, values: v)
        case let .float32(v): try g.createDataset(d.name, shape: d.shape, values: v)
        case let .float16(v): try g.createDataset(d.name, shape: d.shape, values: v)
        case let .bfloat16(v):
            try g.createDataset(d.name, shape: d.shape, values: v).writeAttribute("dtype_name", "bfloat16")
        case let .int64(v): try g.createDataset(d.name, shape: d.shape, values: v)
        case let .uint8(v): try g.createDataset(d.name, shape: d.shape, values: v)
        }
    }
}
