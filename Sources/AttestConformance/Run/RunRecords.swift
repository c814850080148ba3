/// The profile a run selected from: its name, the SHA-256 of its file and how
/// many ids it holds.
public struct ProfileRecord: Sendable, Codable, Equatable {
    public var name: String
    public var sha256: String
    public var caseCount: Int

    enum CodingKeys: String, CodingKey {
        case name, sha256
        case caseCount = "case_count"
    }

    public init(name: String, sha256: String, caseCount: Int) {
        self.name = name
        self.sha256 = sha256
        self.caseCount = caseCount
    }

    public init(_ profile: Profile) {
        self.init(name: profile.name, sha256: profile.sha256, caseCount: profile.ids.count)
    }
}

/// The suite that ran: name and version (`SuiteInfo`), and the source tree's
/// git commit and whether it had uncommitted changes, as the caller found them
/// ("unknown" and nil when it did not look or could not tell).
public struct SuiteRecord: Sendable, Codable, Equatable {
    public var name: String
    public var version: String
    public var gitCommit: String
    public var gitDirty: Bool?

    enum CodingKeys: String, CodingKey {
        case name, version
        case gitCommit = "git_commit", gitDirty = "git_dirty"
    }

    public init(name: String = SuiteInfo.name, version: String = SuiteInfo.version, gitCommit: String = "unknown",
                gitDirty: Bool? = nil) {
        self.name = name
        self.version = version
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
    }
}

/// The suite's own name and version.
public enum SuiteInfo {
    public static let name = "attest"
    public static let version = "0.1.0"
}

/// The tolerance policy of a run: its id and SHA-256 as a certificate records
/// them, and the policy object itself.
///
/// `Certification.run` records the policy it judged with, so the certificate
/// can only name that one. Decoding looks the object up among the policies
/// this build knows (`TolerancePolicy.known`, by id and hash); it is nil for a
/// report judged by a policy this build does not have, which `attest verify`
/// reports.
public struct PolicyRecord: Sendable, Codable, Equatable {
    public var id: String
    public var sha256: String
    /// The policy that judged (nil: this build does not know the recorded one).
    public var policy: TolerancePolicy?

    enum CodingKeys: String, CodingKey {
        case id, sha256
    }

    public init(_ policy: TolerancePolicy) {
        id = policy.id
        sha256 = policy.sha256
        self.policy = policy
    }

    public init(id: String, sha256: String) {
        self.id = id
        self.sha256 = sha256
        policy = TolerancePolicy.known.first { $0.id == id && $0.sha256 == sha256 }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), sha256: try c.decode(String.self, forKey: .sha256))
    }
}
