import AttestConformance
import AttestCore

/// POSIX shell quoting, the one spelling of every command a report prints.
public enum Shell {
    /// `s` as is when it holds only letters, digits and `-_./=:,`; else
    /// single-quoted, each `'` written `'\''`.
    public static func quote(_ s: String) -> String {
        s.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,".contains($0) } ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The command that reruns one case of a run alone:
///
///     attest certify --kernel tiled --preamble ulysses:world=2 --profile standard [--seed N] --query 'ID'
///
/// (`--exec 'COMMAND'` in place of `--kernel` for an external kernel.)
/// What the failure lines, the terminal summary, `index.html` and
/// `junit.xml` print for a case.
public enum RerunCommand {
    public static func text(configuration: AttentionConfiguration, exec: String? = nil, profile: String, seed: Int,
                            id: String) -> String {
        prefix(configuration: configuration, exec: exec, profile: profile, seed: seed) + Shell.quote(id)
    }

    /// Everything before the quoted id: `attest certify … --query `. `exec`: the `--exec` command of an external kernel.
    public static func prefix(configuration: AttentionConfiguration, exec: String? = nil, profile: String, seed: Int) -> String {
        ([exec.map { "attest certify --exec \(Shell.quote($0))" } ?? "attest certify --kernel \(Shell.quote(configuration.kernel))"]
            + configuration.preambles.map { "--preamble \(Shell.quote($0.description))" }
            + ["--profile \(Shell.quote(profile))"] + (seed != 0 ? ["--seed \(seed)"] : [])
            + ["--query "]).joined(separator: " ")
    }

    public static func prefix(_ run: CertificationRun) -> String {
        prefix(configuration: run.configuration, exec: run.external?.command, profile: run.profile.name, seed: run.selection.seed)
    }

    /// The command for case `id` of `run` (its configuration, profile name and seed).
    public static func text(_ run: CertificationRun, id: String) -> String {
        text(configuration: run.configuration, exec: run.external?.command, profile: run.profile.name, seed: run.selection.seed, id: id)
    }
}
