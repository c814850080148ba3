import AttestCore
import AttestTensor
import Foundation
import Synchronization

/// Goldens and tolerance baselines kept on disk for one `attest certify
/// --all` run, so the worker processes of every configuration share them: a
/// case's float64 golden and baseline are computed by the first configuration
/// that runs it and read back by the others (issue 13: "computed once per case
/// per run"). They cost more than most kernels: without the store they took
/// about 95% of each configuration's case time on `full`.
///
/// What is stored, under a case id (which fixes every input: ids are canonical
/// and seed their inputs):
/// - each golden the case's build computes (`ReferenceGolden.compute`), by its
///   ordinal in the build (a property case computes one or two);
/// - the baseline of the call the kernel receives (`BaselineAttention.compute`).
///
/// A file is used only when its size is exactly what the call's dims give
/// and its header repeats the case id, the ordinal and the dims; anything
/// else (a missing, truncated, foreign or stale file) is a miss, and the value
/// is computed again and rewritten. Reading allocates at most the entry's own
/// size (o and lse sized tensors), and entries above `maxEntryBytes` are not
/// kept (a `large` case's baseline alone is over a gigabyte): they are
/// computed by each configuration, as without a store. The store trusts the
/// worker that wrote it (under `--all` every worker runs a shipped kernel),
/// and a golden and baseline that disagree beyond the baseline's forward error
/// bound are still a HARNESS_ERROR in every configuration that reads them.
/// Files are written under a temporary name and renamed.
public struct GoldenStore: Sendable {
    public let directory: URL
    /// The largest entry kept, in bytes.
    public let maxEntryBytes: Int

    public init(directory: URL, maxEntryBytes: Int = GoldenStore.defaultMaxEntryBytes) {
        self.directory = directory
        self.maxEntryBytes = maxEntryBytes
    }

    /// A new empty store in a private folder under the temporary directory;
    /// `remove()` deletes it.
    public static func temporary(maxEntryBytes: Int = GoldenStore.defaultMaxEntryBytes) throws -> GoldenStore {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("attest-golden-store-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return GoldenStore(directory: folder, maxEntryBytes: maxEntryBytes)
    }

    /// 64 MiB: every entry of `standard` and `full` is far below it (the largest, 4.3 MiB).
    public static let defaultMaxEntryBytes = 64 << 20

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The scope of one case: the goldens its build computes and its baseline.
    public func scope(caseID: String) -> Scope {
        Scope(store: self, caseID: caseID)
    }

    /// Runs `build` with `scope` as the place goldens are looked up and kept
    /// (`ReferenceGolden.compute` consults `Scope.current`).
    public static func building<R>(in scope: Scope, _ build: () throws -> R) rethrows -> R {
        try Scope.$current.withValue(scope, operation: build)
    }

    /// One case's goldens (by ordinal) and baseline.
    public final class Scope: Sendable {
        @TaskLocal static var current: Scope?

        let store: GoldenStore
        let caseID: String
        private let nextOrdinal = Mutex(0)

        init(store: GoldenStore, caseID: String) {
            self.store = store
            self.caseID = caseID
        }

        /// The next golden of this case's build: read back, or computed by `compute` and kept.
        func golden(_ args: AttentionArguments, compute: () throws -> (o: Tensor<Double>, lse: Tensor<Double>)) rethrows
            -> (o: Tensor<Double>, lse: Tensor<Double>) {
            let ordinal = nextOrdinal.withLock { n in
                defer { n += 1 }
                return n
            }
            let d = args.dims
            let entry = Entry(caseID: caseID, kind: "golden-\(ordinal)", dims: d, shapes: [d.outputShape, d.lseShape])
            if let t = store.read(entry) { return (t[0], t[1]) }
            let value = try compute()
            store.write(entry, [value.o, value.lse])
            return value
        }

        /// The baseline of `args` (the call the kernel receives): read back, or computed and kept.
        public func baseline(_ args: AttentionArguments) -> BaselineAttention.Result {
            let entry = Entry(caseID: caseID, kind: "baseline", dims: args.dims,
                              shapes: BaselineAttention.Result.storedShapes(args.dims))
            if let t = store.read(entry) { return BaselineAttention.Result(stored: t) }
            let r = BaselineAttention.compute(args)
            store.write(entry, r.stored)
            return r
        }
    }

    /// One stored value: its file, its header and the shapes of its tensors.
    struct Entry {
        var caseID: String
        var kind: String
        var dims: AttentionDims
        var shapes: [[Int]]

        static let magic = Array("ATTEST-GOLDEN-STORE-1\n".utf8)

        var header: [UInt8] {
            let d = dims
            let text = "\(kind) B=\(d.batch) Hq=\(d.queryHeads) Hkv=\(d.keyValueHeads) Sq=\(d.queryLength) Skv=\(d.keyLength) "
                + "D=\(d.headDim) Dv=\(d.valueDim)\n\(caseID)\n"
            return Self.magic + Array(text.utf8)
        }

        var fileName: String {
            Hashing.sha256(Data("\(caseID)\n\(kind)".utf8)) + ".f64"
        }

        /// The exact file size: the header, then each tensor's float64 elements (little-endian).
        var byteCount: Int { header.count + shapes.reduce(0) { $0 + $1.reduce(1, *) } * 8 }
    }

    /// The tensors of `entry`, or nil unless its file is exactly what `entry` describes.
    func read(_ entry: Entry) -> [Tensor<Double>]? {
        let url = directory.appendingPathComponent(entry.fileName)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int,
              size == entry.byteCount,
              let data = try? Data(contentsOf: url), data.count == entry.byteCount else { return nil }
        let header = entry.header
        guard data.prefix(header.count).elementsEqual(header) else { return nil }
        var offset = header.count
        return data.withUnsafeBytes { raw in
            entry.shapes.map { shape in
                let count = shape.reduce(1, *)
                let elements = (0 ..< count).map { i in
                    Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt64.self)))
                }
                offset += 8 * count
                return Tensor(shape: shape, elements: elements)
            }
        }
    }

    /// Keeps `tensors` under `entry` (best effort: a value that cannot be
    /// written is computed again by the next reader).
    func write(_ entry: Entry, _ tensors: [Tensor<Double>]) {
        guard tensors.map(\.shape) == entry.shapes, entry.byteCount <= maxEntryBytes else { return }
        var bytes = entry.header
        bytes.reserveCapacity(entry.byteCount)
        for tensor in tensors {
            for x in tensor.scalars { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        }
        let url = directory.appendingPathComponent(entry.fileName)
        let temporary = directory.appendingPathComponent(".\(entry.fileName).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString)")
        do {
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
