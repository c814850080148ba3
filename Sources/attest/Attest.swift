import ArgumentParser

/// `attest`: the command-line composition root.
@main
struct Attest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Reference and conformance suite for attention kernels.",
        subcommands: [List.self, Certify.self, Verify.self, Cases.self, Merge.self])
}
