import AttestConformance
import AttestCore
import AttestTensor

/// `certificate.json` (`docs/certificate.md`), field by field: the on-disk
/// form of a `CertificationRun` without its results (which `results.jsonl`
/// holds, named here by hash and line count). Written with sorted keys.
public struct Certificate: Sendable, Codable, Equatable {
    /// Version 2: `run.command` is the command as parsed, spelled canonically
    /// (version 1 recorded the process's arguments); every other field is as in 1.
    public static let schemaID = "attest-certificate/2"
    /// The schemas `attest verify` and `attest merge` read: this one and 1.
    public static let readableSchemas: Set<String> = ["attest-certificate/1", schemaID]

    public var schema: String = Certificate.schemaID
    public var verdict: CertificateVerdict
    public var reasons: [String]
    public var suite: SuiteRecord
    public var profile: ProfileRecord
    public var selection: RunSelection
    public var fixtures: FixtureManifest
    public var tolerancePolicy: PolicyRecord
    public var kernel: KernelRecord
    /// The preamble stack, outermost first (`ulysses:world=4`).
    public var preambles: [String]
    public var environment: RunEnvironment
    /// Cases per verdict (every verdict listed, zeros included).
    public var counts: VerdictCounts
    public var results: ResultsRecord
    public var run: RunRecord

    enum CodingKeys: String, CodingKey {
        case schema, verdict, reasons, suite, profile, selection, fixtures, kernel, preambles, environment, counts, results, run
        case tolerancePolicy = "tolerance_policy"
    }

    /// The configuration and the capabilities it declared.
    public struct KernelRecord: Sendable, Codable, Equatable {
        public var name: String
        /// The configuration as written on the command line: `ulysses:world=4 > reference`.
        public var configuration: String
        public var dtypes: [String]
        public var features: [String]
        public var fullyMaskedRows: String
        public var deterministic: Bool
        public var maxHeadDim: Int?
        /// The declared largest call in attention FLOPs (`KernelCapabilities.maxFlops`); absent for no limit.
        public var maxFlops: Double?
        /// The declared lse precision (`f32`); absent when the kernel declares none.
        public var lsePrecision: String?
        /// An external kernel's command, hashes and declaration (absent for a kernel compiled into Attest).
        public var external: ExternalKernelRecord?
        enum CodingKeys: String, CodingKey {
            case name, configuration, dtypes, features, deterministic, external
            case fullyMaskedRows = "fully_masked_rows", maxHeadDim = "max_head_dim", maxFlops = "max_flops", lsePrecision = "lse_precision"
        }

        public init(configuration: AttentionConfiguration, capabilities c: KernelCapabilities, external: ExternalKernelRecord? = nil) {
            self.external = external
            name = configuration.kernel
            self.configuration = configuration.description
            dtypes = c.dtypes.map(\.shortName).sorted()
            features = c.features.map(\.rawValue).sorted()
            fullyMaskedRows = c.fullyMaskedRows.rawValue
            deterministic = c.deterministic
            maxHeadDim = c.maxHeadDim
            maxFlops = c.maxFlops
            lsePrecision = c.lsePrecision?.shortName
        }
    }

    /// The results file this certificate vouches for.
    public struct ResultsRecord: Sendable, Codable, Equatable {
        public var file: String
        public var sha256: String
        public var lines: Int
    }

    /// The command and the timings (UTC instants to the second).
    public struct RunRecord: Sendable, Codable, Equatable {
        public var command: String
        public var startedUTC: String
        public var finishedUTC: String
        public var wallSeconds: Double
        public var jobs: Int
        /// For a merged certificate: the shard directories it joined.
        public var mergedFrom: [String]?
        enum CodingKeys: String, CodingKey {
            case command, jobs
            case startedUTC = "started_utc", finishedUTC = "finished_utc", wallSeconds = "wall_s", mergedFrom = "merged_from"
        }
    }
}
