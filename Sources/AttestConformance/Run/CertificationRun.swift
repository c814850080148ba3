import AttestCore
import Foundation

/// A finished certification run: the one value every output of a run is
/// rendered from (`AttestReport`: `certificate.json`, `results.jsonl`, the
/// terminal summary and failure lines) and that `attest verify` and
/// `attest merge` read back from a report folder.
///
/// It holds what was certified (the configuration and the capabilities it
/// declared), how it was judged (the tolerance policy, the profile, the
/// selection, the fixture set), where and by what command it ran, one result
/// per executed case in profile order, the decision with its reasons, and the
/// timings. Nothing here is computed again by a renderer except what is
/// derived from the results (`counts`, `blocking`).
///
///     let profile = try Profile.load(named: "standard", from: profilesFolder)
///     let run = Certification.run(kernel: myKernel, profile: profile)
///     run.verdict                  // .certified, .notCertified, .invalid, .partial
///     for r in run.blocking { print(r.id, r.tags, r.worst?.summary ?? r.reason ?? "") }
public struct CertificationRun: Sendable, Codable, Equatable {
    /// The core kernel and the preambles around it, outermost first.
    public var configuration: AttentionConfiguration
    /// What the configuration declared before the run (of the whole stack).
    public var capabilities: KernelCapabilities
    /// The policy that judged every case.
    public var policy: PolicyRecord
    public var profile: ProfileRecord
    public var selection: RunSelection
    /// The golden fixture set the run read (`FixtureManifest.none` without one).
    public var fixtures: FixtureManifest
    /// The suite that ran: name, version and, when the caller recorded it, the git state.
    public var suite: SuiteRecord
    public var environment: RunEnvironment
    /// The command that ran, as its parser understood it (canonical, never the
    /// process's raw arguments); for a merged run, the merge command.
    public var command: String
    /// One result per executed case, in profile order.
    public var results: [CaseResult]
    public var decision: CertificationDecision
    public var timing: Timing
    /// The external kernel's command, hashes and declaration (`attest certify --exec`); nil otherwise.
    public var external: ExternalKernelRecord?

    public init(configuration: AttentionConfiguration, capabilities: KernelCapabilities, policy: PolicyRecord,
                profile: ProfileRecord, selection: RunSelection, fixtures: FixtureManifest, suite: SuiteRecord,
                environment: RunEnvironment, command: String, results: [CaseResult], decision: CertificationDecision,
                timing: Timing, external: ExternalKernelRecord? = nil) {
        self.configuration = configuration
        self.capabilities = capabilities
        self.policy = policy
        self.profile = profile
        self.selection = selection
        self.fixtures = fixtures
        self.suite = suite
        self.environment = environment
        self.command = command
        self.results = results
        self.decision = decision
        self.timing = timing
        self.external = external
    }

    public var verdict: CertificateVerdict { decision.verdict }
    public var reasons: [String] { decision.reasons }
    /// Results that block certification.
    public var blocking: [CaseResult] { results.filter { $0.verdict.blocks } }
    /// Cases per verdict.
    public var counts: VerdictCounts { VerdictCounts(results) }

    /// When and how the run executed. `wallSeconds` is kept apart from the two
    /// instants: a merged run's is the sum of its shards'.
    public struct Timing: Sendable, Codable, Equatable {
        public var started: Date
        public var finished: Date
        public var wallSeconds: Double
        /// Cases run concurrently (for a merged run, the most any shard used).
        public var jobs: Int
        /// For a merged run: the shard folders it joined, as given.
        public var mergedFrom: [String]?

        public init(started: Date, finished: Date, wallSeconds: Double, jobs: Int, mergedFrom: [String]? = nil) {
            self.started = started
            self.finished = finished
            self.wallSeconds = wallSeconds
            self.jobs = jobs
            self.mergedFrom = mergedFrom
        }
    }
}

/// Where a run's provenance comes from: only its caller knows the command it
/// parsed, the source tree's git state and the machine (the command-line
/// tool reads them; a test passes fixed values or `.unrecorded`).
public struct RunProvenance: Sendable, Equatable {
    public var command: String
    public var suite: SuiteRecord
    public var environment: RunEnvironment

    public init(command: String, suite: SuiteRecord = SuiteRecord(), environment: RunEnvironment = .unknown) {
        self.command = command
        self.suite = suite
        self.environment = environment
    }

    /// A run started from code (a test): no command, git state or machine recorded.
    public static let unrecorded = RunProvenance(command: "(not recorded: run from code)")
}
