import CHDF5

/// What HDF5 says about a datatype, every getter's status checked (the
/// getters signal failure with a negative enum value or a zero size).
struct HDF5TypeInfo {
    var typeClass: H5T_class_t
    var size: Int
    /// Byte order, sign and float fields: for integer and float classes only.
    var order = H5T_ORDER_NONE
    var signed = false
    /// Significant bits and their offset in the element (integer and float classes only).
    var precision = 0
    var offset = 0
    var fields: [Int] = []
    var exponentBias = 0
    var normalization = H5T_NORM_NONE
    /// For strings only.
    var isVariableString = false
    var characterSet = H5T_CSET_ASCII
    var padding = H5T_STR_NULLTERM
}

extension HDF5TypeInfo {
    /// "an integer", "a float", "a string", ... for error messages.
    static func name(of cls: H5T_class_t) -> String {
        switch cls {
        case H5T_INTEGER: "an integer"
        case H5T_FLOAT: "a float"
        case H5T_STRING: "a string"
        case H5T_COMPOUND: "a compound"
        case H5T_ENUM: "an enum"
        case H5T_ARRAY: "an array"
        case H5T_VLEN: "a variable-length sequence"
        default: "HDF5 type class \(cls.rawValue)"
        }
    }
}

extension HDF5TypeInfo {
    /// An integer type libhdf5 converts without reading outside the element:
    /// 1, 2, 4 or 8 bytes, every bit significant, little- or big-endian. A
    /// corrupted precision or offset makes libhdf5 1.10.8's conversion
    /// (`H5T__bit_find`) read past its buffer, so anything else is refused
    /// before `H5Aread` converts.
    var isPlainInteger: Bool {
        typeClass == H5T_INTEGER && [1, 2, 4, 8].contains(size) && precision == 8 * size && offset == 0
            && (order == H5T_ORDER_LE || order == H5T_ORDER_BE)
    }
}

extension HDF5Site {
    func typeInfo(_ type: HDF5Handle) throws(HDF5Error) -> HDF5TypeInfo {
        let id = type.id
        let cls = H5T_class_t(rawValue: try check("H5Tget_class") { H5Tget_class(id).rawValue })
        let size = try check("H5Tget_size") { () -> Int in let n = H5Tget_size(id); return n == 0 ? -1 : Int(n) }
        var info = HDF5TypeInfo(typeClass: cls, size: size)
        if cls == H5T_INTEGER || cls == H5T_FLOAT {
            info.order = H5T_order_t(rawValue: try check("H5Tget_order") { H5Tget_order(id).rawValue })
        }
        if cls == H5T_INTEGER || cls == H5T_FLOAT {
            info.precision = try check("H5Tget_precision") { () -> Int in let n = H5Tget_precision(id); return n == 0 ? -1 : Int(n) }
            info.offset = Int(try check("H5Tget_offset") { H5Tget_offset(id) })
        }
        if cls == H5T_INTEGER {
            info.signed = try check("H5Tget_sign") { H5Tget_sign(id).rawValue } == H5T_SGN_2.rawValue
        }
        if cls == H5T_FLOAT {
            var s = 0, ep = 0, es = 0, mp = 0, ms = 0
            try check("H5Tget_fields") { H5Tget_fields(id, &s, &ep, &es, &mp, &ms) }
            info.fields = [s, ep, es, mp, ms]
            // H5Tget_ebias has no failure value distinct from a legal bias (0 is both); a
            // failed read gives 0, which matches none of the layouts Attest accepts.
            info.exponentBias = Int(H5Tget_ebias(id))
            info.normalization = H5T_norm_t(rawValue: try check("H5Tget_norm") { H5Tget_norm(id).rawValue })
        }
        if cls == H5T_STRING {
            info.isVariableString = try check("H5Tis_variable_str") { H5Tis_variable_str(id) } > 0
            info.characterSet = H5T_cset_t(rawValue: try check("H5Tget_cset") { H5Tget_cset(id).rawValue })
            info.padding = H5T_str_t(rawValue: try check("H5Tget_strpad") { H5Tget_strpad(id).rawValue })
        }
        return info
    }
}
