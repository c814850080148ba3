import AttestCore
import AttestTensor

/// Writes fixture files in schema version 1 from Swift (fuzz-found cases,
/// round-trip tests). Cases go to groups `c0000`, `c0001`, ... in the order
/// they are appended; `finish()` writes the root attributes and the manifest.
/// Every dataset gets its `sha256`; 16-bit floats are written as their bits.
/// Files use library bounds earliest..v110 and no timestamps, so the same
/// content gives the same bytes.
public final class FixtureWriter {
    public let path: String
    public let family: String
    let root: HDF5Group
    private var hashes: [String: String] = [:]
    private var count = 0
    private var finished = false

    /// Datasets with more elements than this are chunked (first axis 1) with shuffle + gzip 4.
    public static let chunkThreshold = 1 << 16

    public init(path: String, family: String) throws(FixtureError) {
        self.path = path
        self.family = family
        do { root = try HDF5File.create(path).root() } catch { throw FixtureError(file: path, problem: .unreadable(error)) }
    }

    /// Appends one case; `fixture.group` is ignored (the writer names groups).
    /// Module cases need `module`; their `arguments` hold the float64 q, k, v.
    /// Returns the group name.
    @discardableResult
    public func append(_ fixture: FixtureCase, arguments: AttentionArguments, expectedOutput: Tensor<Double>,
                       expectedLogSumExp: Tensor<Double>, module: FixtureModule? = nil) throws(FixtureError) -> String {
        precondition(!finished, "FixtureWriter: append after finish")
        precondition((fixture.kind == .module) == (module != nil), "FixtureWriter: module cases, and only they, need module tensors")
        let name = "c" + String(repeating: "0", count: max(0, 4 - String(count).count)) + String(count)
        count += 1
        do {
            let g = try root.createGroup(name)
            try writeAttributes(fixture, to: g)
            let m = arguments.mask
            try write(arguments.q, "q", g)
            try write(arguments.k, "k", g)
            try write(arguments.v, "v", g)
            if let n = m.keyLengths { try write(n.map(Int64.init), [n.count], "key_lengths", g) }
            if let n = m.queryLengths { try write(n.map(Int64.init), [n.count], "query_lengths", g) }
            if let p = m.packed {
                try write(p.queryOffsets.map(Int64.init), [p.queryOffsets.count], "cu_seqlens_q", g)
                try write(p.keyOffsets.map(Int64.init), [p.keyOffsets.count], "cu_seqlens_k", g)
            }
            if let b = m.boolean { try write(b.scalars.map { UInt8($0 ? 1 : 0) }, b.shape, "mask", g) }
            if let bias = arguments.bias { try write(.float64(bias.widened()), "bias", g) }
            if let a = arguments.alibiSlopes { try write(a, [a.count], "alibi_slopes", g) }
            try write(.float64(expectedOutput), "o", g)
            try write(.float64(expectedLogSumExp), "lse", g)
            if let module {
                try write(module.x, "x", g)
                try write(.float64(module.qkvWeight), "w_qkv", g)
                try write(.float64(module.qkvBias), "b_qkv", g)
                try write(.float64(module.outputWeight), "w_o", g)
                try write(.float64(module.outputBias), "b_o", g)
                try write(.float64(module.expectedY), "y", g)
            }
        } catch {
            throw FixtureError(file: path, caseName: name, problem: .unreadable(error))
        }
        return name
    }

    /// Writes the root attributes and `manifest_sha256`, and flushes the file.
    public func finish(generator: String = "Sources/AttestFixtures/FixtureWriter.swift",
                       generatorVersion: String = "1.0") throws(FixtureError) {
        precondition(!finished, "FixtureWriter: finish called twice")
        finished = true
        do {
            try root.writeAttribute("schema", FixtureFile.schemaName)
            try root.writeAttribute("schema_version", FixtureFile.supportedSchemaVersion)
            try root.writeAttribute("family", family)
            try root.writeAttribute("generator", generator)
            try root.writeAttribute("generator_version", generatorVersion)
            try root.writeAttribute("numpy_version", "none")
            try root.writeAttribute("h5py_version", "none")
            try root.writeAttribute("manifest_sha256", SHA256Hex.manifest(hashes))
        } catch {
            throw FixtureError(file: path, problem: .unreadable(error))
        }
    }

    private func writeAttributes(_ c: FixtureCase, to g: HDF5Group) throws(HDF5Error) {
        try g.writeAttribute("case_id", c.id)
        try g.writeAttribute("kind", c.kind.rawValue)
        try g.writeAttribute("dtype", c.dtype.rawValue)
        try g.writeAttribute("scale", c.scale)
        try g.writeAttribute("scale_is_default", Int64(c.scaleIsDefault ? 1 : 0))
        try g.writeAttribute("softcap", c.softcap ?? 0)
        try g.writeAttribute("causal", c.causal?.rawValue ?? "none")
        try g.writeAttribute("window_left", Int64(c.window.map { $0.left ?? -1 } ?? -1))
        try g.writeAttribute("window_right", Int64(c.window.map { $0.right ?? -1 } ?? -1))
        try g.writeAttribute("seed", c.seed)
        try g.writeAttribute("rng", c.rng)
        try g.writeAttribute("distribution", c.distribution)
        try g.writeAttribute("description", c.description)
        let d = c.dims
        for (name, value) in [("B", d.batch), ("Sq", d.queryLength), ("Skv", d.keyLength), ("Hq", d.queryHeads),
                              ("Hkv", d.keyValueHeads), ("D", d.headDim), ("Dv", d.valueDim)] {
            try g.writeAttribute(name, Int64(value))
        }
        if let m = c.modelDim { try g.writeAttribute("dmodel", Int64(m)) }
    }

    private func write(_ tensor: AnyTensor, _ name: String, _ g: HDF5Group) throws(HDF5Error) {
        switch tensor {
        case let .float64(t): try write(t.scalars, t.shape, name, g)
        case let .float32(t): try write(t.scalars, t.shape, name, g)
        case let .float16(t): try write(t.scalars, t.shape, name, g)
        case let .bfloat16(t):
            let ds = try write(t.scalars, t.shape, name, g)
            try ds.writeAttribute("dtype_name", "bfloat16")
        }
    }

    @discardableResult
    private func write<E: HDF5Scalar>(_ values: [E], _ shape: [Int], _ name: String, _ g: HDF5Group) throws(HDF5Error) -> HDF5Dataset {
        let layout: HDF5Layout = values.count > Self.chunkThreshold && !shape.isEmpty
            ? .chunked([1] + shape.dropFirst(), gzipLevel: 4) : .contiguous
        let ds = try g.createDataset(name, shape: shape, values: values, layout: layout)
        let hash = SHA256Hex.of(encode(values))
        try ds.writeAttribute("sha256", hash)
        hashes[ds.path] = hash
        return ds
    }
}
