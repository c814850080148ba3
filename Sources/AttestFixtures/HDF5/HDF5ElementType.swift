import AttestTensor
import CHDF5

/// The element types Attest stores in HDF5, recognised by their exact layout.
///
/// | case       | HDF5 type                                                        |
/// |------------|------------------------------------------------------------------|
/// | `float64`  | IEEE F64LE                                                       |
/// | `float32`  | IEEE F32LE                                                       |
/// | `float16`  | 2-byte LE float, fields (15, 10, 5, 0, 10), bias 15 (h5py's `f2`) |
/// | `bfloat16` | 2-byte LE float, fields (15, 7, 8, 0, 7), bias 127                |
/// | `int64`    | STD I64LE                                                        |
/// | `uint8`    | STD U8LE                                                         |
/// | `string`   | fixed- or variable-length string                                 |
///
/// Fields are (sign bit, exponent position, exponent size, mantissa position,
/// mantissa size), as `H5Tset_fields` takes them. Anything else is `other`,
/// with a description of what HDF5 says it is.
public enum HDF5ElementType: Sendable, Hashable, CustomStringConvertible {
    case float64, float32, float16, bfloat16, int64, uint8, string
    case other(String)

    /// Bytes per element in the file (nil for strings and unknown types).
    public var byteWidth: Int? {
        switch self {
        case .float64, .int64: 8
        case .float32: 4
        case .float16, .bfloat16: 2
        case .uint8: 1
        case .string, .other: nil
        }
    }

    /// The tensor element type with this layout, if any.
    public var dtype: DType? {
        switch self {
        case .float64: .float64
        case .float32: .float32
        case .float16: .float16
        case .bfloat16: .bfloat16
        default: nil
        }
    }

    public init(_ dtype: DType) {
        switch dtype {
        case .float64: self = .float64
        case .float32: self = .float32
        case .float16: self = .float16
        case .bfloat16: self = .bfloat16
        }
    }

    public var description: String {
        switch self {
        case .float64: "float64"
        case .float32: "float32"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .int64: "int64"
        case .uint8: "uint8"
        case .string: "string"
        case let .other(what): what
        }
    }
}

/// The IEEE-style float layouts: (sign, exponent pos, exponent size, mantissa pos, mantissa size, bias).
private struct FloatLayout: Equatable {
    var fields: [Int]
    var bias: Int
    static let float64 = FloatLayout(fields: [63, 52, 11, 0, 52], bias: 1023)
    static let float32 = FloatLayout(fields: [31, 23, 8, 0, 23], bias: 127)
    static let float16 = FloatLayout(fields: [15, 10, 5, 0, 10], bias: 15)
    static let bfloat16 = FloatLayout(fields: [15, 7, 8, 0, 7], bias: 127)
}

extension HDF5Site {
    /// A new (owned, modifiable) file datatype for `type`. Strings are
    /// fixed-length ASCII of `stringLength` bytes, null-padded (numpy's `S`).
    func makeDatatype(_ type: HDF5ElementType, stringLength: Int = 1) throws(HDF5Error) -> HDF5Handle {
        func copy(_ base: hid_t) throws(HDF5Error) -> HDF5Handle { try open("H5Tcopy", .datatype) { H5Tcopy(base) } }
        switch type {
        case .float64: return try copy(attest_H5T_IEEE_F64LE())
        case .float32: return try copy(attest_H5T_IEEE_F32LE())
        case .int64: return try copy(attest_H5T_STD_I64LE())
        case .uint8: return try copy(attest_H5T_STD_U8LE())
        case .float16, .bfloat16:
            let layout = type == .float16 ? FloatLayout.float16 : FloatLayout.bfloat16
            let t = try copy(attest_H5T_IEEE_F32LE())
            let f = layout.fields.map { Int($0) }
            try check("H5Tset_fields") { H5Tset_fields(t.id, f[0], f[1], f[2], f[3], f[4]) }
            try check("H5Tset_size") { H5Tset_size(t.id, 2) }
            try check("H5Tset_ebias") { H5Tset_ebias(t.id, layout.bias) }
            return t
        case .string:
            let t = try copy(attest_H5T_C_S1())
            try check("H5Tset_size") { H5Tset_size(t.id, max(stringLength, 1)) }
            try check("H5Tset_strpad") { H5Tset_strpad(t.id, H5T_STR_NULLPAD) }
            try check("H5Tset_cset") { H5Tset_cset(t.id, H5T_CSET_ASCII) }
            return t
        case let .other(what):
            throw failure("makeDatatype", "cannot create a dataset of element type \(what)")
        }
    }

    /// Recognises the layout of datatype `type` (see `HDF5ElementType`).
    func classify(_ type: HDF5Handle) throws(HDF5Error) -> HDF5ElementType {
        let t = try typeInfo(type)
        if t.typeClass == H5T_STRING { return .string }
        let littleEndian = t.order == H5T_ORDER_LE
        let endian = littleEndian ? "little-endian" : t.order == H5T_ORDER_BE ? "big-endian" : "unordered"
        if t.typeClass == H5T_INTEGER {
            if littleEndian, t.signed, t.size == 8 { return .int64 }
            if littleEndian, !t.signed, t.size == 1 { return .uint8 }
            return .other("\(endian) \(t.signed ? "signed" : "unsigned") integer of \(t.size) bytes")
        }
        if t.typeClass == H5T_FLOAT {
            let layout = FloatLayout(fields: t.fields, bias: t.exponentBias)
            if littleEndian, t.normalization == H5T_NORM_IMPLIED {
                switch (t.size, layout) {
                case (8, .float64): return .float64
                case (4, .float32): return .float32
                case (2, .float16): return .float16
                case (2, .bfloat16): return .bfloat16
                default: break
                }
            }
            return .other("\(endian) float of \(t.size) bytes with fields \(layout.fields) and bias \(layout.bias)")
        }
        return .other("HDF5 type class \(t.typeClass.rawValue) of \(t.size) bytes")
    }
}

/// A Swift type whose in-memory bytes are exactly one `HDF5ElementType`
/// (little-endian hosts): datasets read and write it without conversion.
public protocol HDF5Scalar: Sendable {
    static var hdf5ElementType: HDF5ElementType { get }
}

extension Double: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float64 } }
extension Float: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float32 } }
extension Float16: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float16 } }
extension BFloat16: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .bfloat16 } }
extension Int64: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int64 } }
extension UInt8: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .uint8 } }
