import CHDF5
import Foundation

/// Scalar attributes: 64-bit integers, float64 and strings.
///
/// Reading accepts plain 1-, 2-, 4- or 8-byte integers (converted by HDF5 to
/// int64; `HDF5TypeInfo.isPlainInteger`), the float layouts of `HDF5ElementType`
/// (widened by HDF5 to float64; other float layouts are refused), and fixed- or
/// variable-length strings (decoded as UTF-8, fixed-length ones cut at the
/// first NUL), of at most `HDF5Limits.maxStringBytes` bytes. Writing uses STD I64LE, IEEE F64LE and fixed-length null-padded
/// ASCII strings; an existing attribute of the same name is replaced.
extension HDF5Object {
    /// Whether the object has an attribute called `name`.
    public func hasAttribute(_ name: String) throws(HDF5Error) -> Bool {
        try site.check("H5Aexists") { H5Aexists(handle.id, name) } > 0
    }

    func attribute(_ name: String) throws(HDF5Error) -> HDF5Attribute {
        let site = HDF5Site(file: self.site.file, object: "\(self.site.object)@\(name)")
        let h = try site.open("H5Aopen", .attribute) { H5Aopen(handle.id, name, attest_H5P_DEFAULT()) }
        return HDF5Attribute(handle: h, site: site)
    }

    /// The single-element attribute `name` of HDF5 class `expected`, else a thrown error.
    private func scalarAttribute(_ name: String, class expected: H5T_class_t, _ what: String) throws(HDF5Error)
        -> (HDF5Attribute, HDF5Handle) {
        let attr = try attribute(name)
        let type = try attr.datatype()
        let cls = try attr.site.typeInfo(type).typeClass
        guard cls == expected else {
            throw attr.site.failure("read \(what) attribute", "attribute holds \(HDF5TypeInfo.name(of: cls)), not \(what)")
        }
        let count = try attr.elementCount()
        guard count == 1 else { throw attr.site.failure("read \(what) attribute", "attribute holds \(count) elements, expected 1") }
        return (attr, type)
    }

    public func readIntAttribute(_ name: String) throws(HDF5Error) -> Int64 {
        let (attr, type) = try scalarAttribute(name, class: H5T_INTEGER, "an integer")
        let info = try attr.site.typeInfo(type)
        guard info.isPlainInteger else {
            throw attr.site.failure("read an integer attribute", "integer type of \(info.size) bytes with precision \(info.precision) at offset \(info.offset) is not a plain 1-, 2-, 4- or 8-byte integer")
        }
        var value: Int64 = 0
        try attr.site.check("H5Aread") { H5Aread(attr.handle.id, attest_H5T_NATIVE_INT64(), &value) }
        return value
    }

    public func readDoubleAttribute(_ name: String) throws(HDF5Error) -> Double {
        let (attr, type) = try scalarAttribute(name, class: H5T_FLOAT, "a float")
        // Only the exact layouts of HDF5ElementType are widened: libhdf5 1.10.8's float
        // conversion reads outside the element for corrupted fields (`H5T__bit_find`).
        let layout = try attr.site.classify(type)
        guard layout.dtype != nil else {
            throw attr.site.failure("read a float attribute", "attribute holds a \(layout), not float64, float32, float16 or bfloat16")
        }
        var value: Double = 0
        try attr.site.check("H5Aread") { H5Aread(attr.handle.id, attest_H5T_NATIVE_DOUBLE(), &value) }
        return value
    }

    public func readStringAttribute(_ name: String) throws(HDF5Error) -> String {
        let (attr, type) = try scalarAttribute(name, class: H5T_STRING, "a string")
        let site = attr.site
        let info = try site.typeInfo(type)
        if info.isVariableString {
            let memType = try site.open("H5Tcopy", .datatype) { H5Tcopy(attest_H5T_C_S1()) }
            try site.check("H5Tset_size") { H5Tset_size(memType.id, attest_H5T_VARIABLE()) }
            try site.check("H5Tset_cset") { H5Tset_cset(memType.id, info.characterSet) }
            var pointer: UnsafeMutablePointer<CChar>? = nil
            try site.check("H5Aread") { H5Aread(attr.handle.id, memType.id, &pointer) }
            guard let pointer else { return "" }
            defer { _ = H5free_memory(pointer) }  // a free: nothing to recover if it fails
            let length = strnlen(pointer, HDF5Limits.maxStringBytes + 1)
            guard length <= HDF5Limits.maxStringBytes else { throw stringTooLong(site, "more than \(HDF5Limits.maxStringBytes)") }
            return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        guard info.size <= HDF5Limits.maxStringBytes else { throw stringTooLong(site, "\(info.size)") }
        var bytes = [UInt8](repeating: 0, count: info.size)
        try site.check("H5Aread") { H5Aread(attr.handle.id, type.id, &bytes) }
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        var text = bytes[..<end]
        if info.padding == H5T_STR_SPACEPAD { while text.last == 0x20 { text = text.dropLast() } }
        return String(decoding: text, as: UTF8.self)
    }

    private func stringTooLong(_ site: HDF5Site, _ length: String) -> HDF5Error {
        site.failure("read a string attribute", "the string declares \(length) bytes, more than the reader's cap of \(HDF5Limits.maxStringBytes)")
    }

    public func writeAttribute(_ name: String, _ value: Int64) throws(HDF5Error) {
        try writeAttribute(name, type: site.makeDatatype(.int64), bytes: withUnsafeBytes(of: value.littleEndian) { Array($0) })
    }

    public func writeAttribute(_ name: String, _ value: Double) throws(HDF5Error) {
        try writeAttribute(name, type: site.makeDatatype(.float64), bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    /// Writes `value` as fixed-length ASCII; non-ASCII text is a thrown error.
    public func writeAttribute(_ name: String, _ value: String) throws(HDF5Error) {
        var bytes = Array(value.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0 }) else {
            throw site.failure("write string attribute \(name)", "value is not NUL-free ASCII: \(value.debugDescription)")
        }
        if bytes.isEmpty { bytes = [0] }
        try writeAttribute(name, type: site.makeDatatype(.string, stringLength: bytes.count), bytes: bytes)
    }

    private func writeAttribute(_ name: String, type: HDF5Handle, bytes: [UInt8]) throws(HDF5Error) {
        if try hasAttribute(name) { try site.check("H5Adelete") { H5Adelete(handle.id, name) } }
        let space = try site.dataspace([])
        let attrSite = HDF5Site(file: site.file, object: "\(site.object)@\(name)")
        let attr = try attrSite.open("H5Acreate2", .attribute) {
            H5Acreate2(handle.id, name, type.id, space.id, attest_H5P_DEFAULT(), attest_H5P_DEFAULT())
        }
        try attrSite.check("H5Awrite") { H5Awrite(attr.id, type.id, bytes) }
    }
}
