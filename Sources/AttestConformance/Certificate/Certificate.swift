import AttestCore
import AttestTensor

/// `certificate.json` (`docs/certificate.md`). Written with sorted keys.
public struct Certificate: Sendable, Codable, Equatable {
    public static let schemaID = "attest-certificate/1"

    public var schema: String = Certificate.schemaID
    public var verdict: CertificateVerdict
    public var reasons: [String]
    public var suite: Suite
    public var profile: ProfileRecord
    public var selection: RunSelection
    public var fixtures: FixtureManifest
    public var tolerancePolicy: PolicyRecord
    public var kernel: KernelRecord
    /// The preamble stack, outermost first (`ulysses:world=4`).
    public var preambles: [String]
    public var environment: RunEnvironment
    /// Cases per verdict (every verdict listed, zeros included).
    public var counts: [String: Int]
    public var results: ResultsRecord
    public var run: RunRecord

    enum CodingKeys: String, CodingKey {
        case schema, verdict, reasons, suite, profile, selection, fixtures, kernel, preambles, environment, counts, results, run
        case tolerancePolicy = "tolerance_policy"
    }

    public struct Suite: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
        public var gitCommit: String
        public var gitDirty: Bool?
        enum CodingKeys: String, CodingKey {
            case name, version
            case gitCommit = "git_commit", gitDirty = "git_dirty"
        }
    }

    public struct ProfileRecord: Sendable, Codable, Equatable {
        public var name: String
        public var sha256: String
        public var caseCount: Int
        enum CodingKeys: String, CodingKey {
            case name, sha256
            case caseCount = "case_count"
        }
    }

    public struct PolicyRecord: Sendable, Codable, Equatable {
        public var id: String
        public var sha256: String
    }

    public struct KernelRecord: Sendable, Codable, Equatable {
        public var name: String
        /// The configuration as written on the command line: `ulysses:world=4 > reference`.
        public var configuration: String
        public var dtypes: [String]
        public var features: [String]
        public var fullyMaskedRows: String
        public var deterministic: Bool
        public var maxHeadDim: Int?
        enum CodingKeys: String, CodingKey {
            case name, configuration, dtypes, features, deterministic
            case fullyMaskedRows = "fully_masked_rows", maxHeadDim = "max_head_dim"
        }

        public init(configuration: AttentionConfiguration, capabilities c: KernelCapabilities) {
            name = configuration.kernel
            self.configuration = configuration.description
            dtypes = c.dtypes.map(\.shortName).sorted()
            features = c.features.map(\.rawValue).sorted()
            fullyMaskedRows = c.fullyMaskedRows.rawValue
            deterministic = c.deterministic
            maxHeadDim = c.maxHeadDim
        }
    }

    public struct ResultsRecord: Sendable, Codable, Equatable {
        public var file: String
        public var sha256: String
        public var lines: Int
    }

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

    /// Cases per verdict.
    public static func counts(_ results: [CaseResult]) -> [String: Int] {
        var c = Dictionary(uniqueKeysWithValues: Verdict.allCases.map { ($0.rawValue, 0) })
        for r in results { c[r.verdict.rawValue, default: 0] += 1 }
        return c
    }
}
