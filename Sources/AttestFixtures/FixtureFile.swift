import AttestCore
import AttestTensor
import Foundation

/// An open golden fixture file (schema in `fixtures/README.md`): checks that it
/// is an Attest fixture file of a schema version this reader knows, lists its
/// cases, loads them (`FixtureFile+Load`) and verifies its hashes
/// (`FixtureFile+Verify`). Every failure is a `FixtureError` naming the file.
public final class FixtureFile {
    /// The newest schema version this reader understands.
    public static let supportedSchemaVersion: Int64 = 1
    /// The value of the root `schema` attribute.
    public static let schemaName = "attest-fixtures"

    public let path: String
    public let family: String
    public let schemaVersion: Int64
    let root: HDF5Group

    /// Opens `path` and checks the root attributes `schema` and `schema_version`.
    public init(path: String) throws(FixtureError) {
        self.path = path
        switch FileSystemEntry(path: path) {
        case .regularFile: break
        case .missing: throw FixtureError(file: path, problem: .noSuchFile)
        case let entry: throw FixtureError(file: path, problem: .notARegularFile(entry.problem ?? ""))
        }
        let root: HDF5Group
        do {
            root = try HDF5File.open(path).root()
        } catch {
            throw FixtureError(file: path, problem: .unreadable(error))
        }
        self.root = root
        let fail = { (p: FixtureError.Problem) in FixtureError(file: path, problem: p) }
        let schema: String
        do {
            guard try root.hasAttribute("schema") else {
                throw fail(.notAFixtureFile("the root has no 'schema' attribute"))
            }
            schema = try root.readStringAttribute("schema")
        } catch let e as FixtureError {
            throw e
        } catch {
            throw fail(.notAFixtureFile("the root 'schema' attribute cannot be read as a string"))
        }
        guard schema == Self.schemaName else {
            throw fail(.notAFixtureFile("root attribute schema is '\(schema)', expected '\(Self.schemaName)'"))
        }
        let reader = AttributeReader(object: root, file: path, caseName: nil)
        schemaVersion = try reader.int("schema_version")
        guard schemaVersion <= Self.supportedSchemaVersion else {
            throw fail(.unsupportedSchemaVersion(found: schemaVersion, supported: Self.supportedSchemaVersion))
        }
        guard schemaVersion >= 1 else {
            throw fail(.invalidAttribute(name: "schema_version", reason: "\(schemaVersion) is not a valid version (>= 1)"))
        }
        family = try reader.string("family")
    }

    /// The case groups (`c0000`, `c0001`, ...) in name order.
    public func caseGroups() throws(FixtureError) -> [String] {
        try hdf5(nil) { () throws(HDF5Error) in
            var groups: [String] = []
            for name in try root.memberNames() where try root.kind(of: name) == .group { groups.append(name) }
            return groups
        }
    }

    /// Every case's description, in group order.
    public func cases() throws(FixtureError) -> [FixtureCase] {
        var cases: [FixtureCase] = []
        for name in try caseGroups() { cases.append(try fixtureCase(name)) }
        return cases
    }

    /// The case stored in group `name`, read from its attributes.
    public func fixtureCase(_ name: String) throws(FixtureError) -> FixtureCase {
        let group = try hdf5(name) { () throws(HDF5Error) in try root.group(name) }
        let a = AttributeReader(object: group, file: path, caseName: name)
        let kindText = try a.string("kind")
        guard let kind = FixtureCase.Kind(rawValue: kindText) else {
            throw a.invalid("kind", "'\(kindText)' is not fwd or mha")
        }
        let dtypeText = try a.string("dtype")
        guard let dtype = DType(rawValue: dtypeText) else {
            throw a.invalid("dtype", "'\(dtypeText)' is not float64, float32, float16 or bfloat16")
        }
        let dims = AttentionDims(batch: try a.size("B"), queryLength: try a.size("Sq"), keyLength: try a.size("Skv"),
                                 queryHeads: try a.size("Hq"), keyValueHeads: try a.size("Hkv"),
                                 headDim: try a.size("D"), valueDim: try a.size("Dv"))
        let causalText = try a.string("causal")
        let causal: CausalAlignment?
        switch causalText {
        case "none": causal = nil
        default:
            guard let c = CausalAlignment(rawValue: causalText) else {
                throw a.invalid("causal", "'\(causalText)' is not none, top_left or bottom_right")
            }
            causal = c
        }
        let left = try a.int("window_left"), right = try a.int("window_right")
        guard left >= -1, right >= -1 else { throw a.invalid("window_left", "window bounds must be >= -1, got (\(left), \(right))") }
        let window = left == -1 && right == -1 ? nil
            : SlidingWindow(left: left == -1 ? nil : Int(left), right: right == -1 ? nil : Int(right))
        let softcap = try a.double("softcap")
        guard softcap >= 0, softcap.isFinite else { throw a.invalid("softcap", "must be finite and >= 0, got \(softcap)") }
        return FixtureCase(
            group: name, id: try a.string("case_id"), kind: kind, family: family, dtype: dtype, dims: dims,
            modelDim: kind == .module ? try a.size("dmodel") : nil,
            scale: try a.double("scale"), scaleIsDefault: try a.int("scale_is_default") != 0,
            softcap: softcap == 0 ? nil : softcap, causal: causal, window: window, seed: try a.int("seed"),
            rng: try a.string("rng"), distribution: try a.string("distribution"),
            description: try a.string("description"))
    }

    /// Runs HDF5 calls, reporting their failures as unreadable file content.
    func hdf5<T>(_ caseName: String?, _ body: () throws(HDF5Error) -> T) throws(FixtureError) -> T {
        do { return try body() } catch { throw FixtureError(file: path, caseName: caseName, problem: .unreadable(error)) }
    }

    /// The `.h5` files at `path`: the file itself, or a folder's `.h5` entries
    /// (not recursive) in name order. A missing path throws `noSuchFile`, an
    /// unreadable folder `notARegularFile`. Entries are listed whatever they are:
    /// a FIFO, a device or a directory named `x.h5` is refused, naming its path,
    /// when it is opened (`init(path:)`), never read.
    public static func files(at path: String) throws(FixtureError) -> [String] {
        switch FileSystemEntry(path: path) {
        case .missing: throw FixtureError(file: path, problem: .noSuchFile)
        case .directory: break
        default: return [path]
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw FixtureError(file: path, problem: .notARegularFile("is a folder that cannot be listed: \(error.localizedDescription)"))
        }
        return names.filter { $0.hasSuffix(".h5") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
