import AttestCore
import AttestTensor

/// Golden cases stored by an independent oracle (the numpy generator's HDF5
/// fixtures, `fixtures/README.md`). The runner asks a source for its ids and
/// loads one case at a time; a load that fails is a HARNESS_ERROR.
public protocol GoldenCaseSource: Sendable {
    /// Every case id the source holds (`fwd:golden:...`), sorted.
    func caseIDs() throws -> [String]
    /// The problem of one id: inputs, expected o and lse (float64).
    func load(_ id: String) throws -> GoldenProblem
    /// What the certificate records: per file SHA-256 of its manifest, plus
    /// one hash over all of them.
    var manifest: FixtureManifest { get throws }
}

/// One golden case as stored.
public struct GoldenProblem: Sendable {
    public var args: AttentionArguments
    /// `[B, Sq, Hq, Dv]`, float64.
    public var o: Tensor<Double>
    /// `[B, Hq, Sq]`, float64.
    public var lse: Tensor<Double>

    public init(args: AttentionArguments, o: Tensor<Double>, lse: Tensor<Double>) {
        self.args = args
        self.o = o
        self.lse = lse
    }
}

/// The fixture set a run used.
public struct FixtureManifest: Sendable, Codable, Equatable {
    /// Each fixture file (path relative to the fixtures folder) and its root `manifest_sha256`.
    public var files: [String: String]
    /// SHA-256 over `"<path> <manifest_sha256>\n"` lines sorted by path.
    public var sha256: String
    /// The HDF5 library that read them.
    public var hdf5Version: String
    /// Why the run's fixture set has no manifest (a file could not be read):
    /// recorded so that `attest verify` re-derives the run's INVALID from it
    /// (`CertificationDecision.decide`). Absent when the manifest was read.
    public var unreadable: String?

    enum CodingKeys: String, CodingKey {
        case files, sha256, unreadable
        case hdf5Version = "hdf5_version"
    }

    public init(files: [String: String], sha256: String, hdf5Version: String, unreadable: String? = nil) {
        self.files = files
        self.sha256 = sha256
        self.hdf5Version = hdf5Version
        self.unreadable = unreadable
    }

    /// No fixtures at all.
    public static let none = FixtureManifest(files: [:], sha256: "none", hdf5Version: "unknown")

    /// A fixture set whose manifest cannot be read, and why (`none` otherwise).
    public static func unreadable(_ why: String) -> FixtureManifest {
        FixtureManifest(files: [:], sha256: "none", hdf5Version: "unknown", unreadable: why)
    }
}
