import ArgumentParser
import AttestConformance
import Foundation

/// `--profiles DIR`, shared by certify, verify, merge and cases.
struct ProfileFolderOption: ParsableArguments {
    @Option(help: "Folder holding the profiles (default ./profiles or the source tree's).")
    var profiles: String?

    /// The folder the option names, or `DefaultFolders.profiles`.
    var directory: URL { profiles.map { URL(fileURLWithPath: $0) } ?? DefaultFolders.profiles }
}

/// `--profile`, `--query` and `--seed`: which cases a command selects, shared by
/// certify and cases.
struct ProfileSelectionOptions: ParsableArguments {
    @Option(help: "The profile: profiles/<name>.txt.")
    var profile: String = "standard"

    @Option(help: "Run only ids starting with this prefix, or matching this * pattern. Repeatable; makes the run partial.")
    var query: [String] = []

    @Option(help: "Added to the seed of every generated and property case.")
    var seed: Int = 0

    @OptionGroup var folder: ProfileFolderOption

    func validate() throws {
        guard RunSelection.seeds.contains(seed) else {
            throw ValidationError("--seed must be an integer in \(RunSelection.seeds.lowerBound) ... \(RunSelection.seeds.upperBound) "
                + "(exact in every JSON reader, so the recorded seed replays), got \(seed)")
        }
        guard Profile.isValidName(profile) else {
            throw ValidationError("--profile must name a profile in the profiles folder (letters, digits, '_', '-', '.'), not a path: '\(profile)'")
        }
    }

    /// Loads the named profile; a missing or malformed one is a usage error.
    func load() throws -> Profile {
        try asUsage { try Profile.load(named: profile, from: folder.directory) }
    }
}
