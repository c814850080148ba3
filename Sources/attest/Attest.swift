import ArgumentParser
import Foundation

/// `attest`: the command-line composition root.
///
/// Exit codes: 0 success, 1 a check failed, 2 a usage error (unknown
/// subcommand or option, missing or invalid argument); see `Attest+ExitCodes.swift`.
@main
struct Attest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Reference and conformance suite for attention kernels.",
        subcommands: [List.self, Certify.self, Verify.self, Cases.self, Merge.self, Fixtures.self, Fuzz.self])

    /// Exit code for usage errors (ArgumentParser's default is 64, EX_USAGE).
    static let usageErrorCode: Int32 = 2
}
