/// What a certificate records of an external kernel (`attest certify --exec`,
/// `docs/external-kernels.md` §7, `docs/certificate.md` `kernel.external`):
/// the command as given, the executable and script it ran with their SHA-256,
/// the declaration it printed, the kit when one was declared, and the batch
/// options. Absent (nil) for a kernel compiled into Attest.
public struct ExternalKernelRecord: Sendable, Codable, Equatable {
    /// The text of `--exec`.
    public var command: String
    /// The executable as run (resolved on `PATH`) and the SHA-256 of its bytes.
    public var executable: String
    public var executableSHA256: String
    /// The script when the command is an interpreter plus a script, and its SHA-256.
    public var script: String?
    public var scriptSHA256: String?
    public var protocolVersion: Int
    /// The JSON object `COMMAND --capabilities` printed, verbatim (trimmed).
    public var declaredCapabilities: String
    /// `f64` or `f32` when the kernel writes lse.
    public var lseDType: String?
    public var kitName: String?
    public var kitVersion: String?
    public var batchSize: Int
    /// The fixed time bound of a batch in seconds; nil for the default (30 s + 2 s per call).
    public var batchTimeout: Double?

    enum CodingKeys: String, CodingKey {
        case command, executable, script
        case executableSHA256 = "executable_sha256", scriptSHA256 = "script_sha256", protocolVersion = "protocol_version"
        case declaredCapabilities = "declared_capabilities", lseDType = "lse_dtype", kitName = "kit_name"
        case kitVersion = "kit_version", batchSize = "batch_size", batchTimeout = "batch_timeout_s"
    }

    public init(command: String, executable: String, executableSHA256: String, script: String?, scriptSHA256: String?,
                protocolVersion: Int, declaredCapabilities: String, lseDType: String?, kitName: String?,
                kitVersion: String?, batchSize: Int, batchTimeout: Double?) {
        self.command = command
        self.executable = executable
        self.executableSHA256 = executableSHA256
        self.script = script
        self.scriptSHA256 = scriptSHA256
        self.protocolVersion = protocolVersion
        self.declaredCapabilities = declaredCapabilities
        self.lseDType = lseDType
        self.kitName = kitName
        self.kitVersion = kitVersion
        self.batchSize = batchSize
        self.batchTimeout = batchTimeout
    }
}
