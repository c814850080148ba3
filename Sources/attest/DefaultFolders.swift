import Foundation

/// Where `attest` looks for profiles and golden fixtures when no option names
/// a folder: the environment variable (`ATTEST_PROFILES`, `ATTEST_FIXTURES`),
/// else the folder of that name in the working directory when it exists,
/// else the one in the source tree this tool was built from. The library
/// takes folders as parameters; only the tool resolves these defaults.
enum DefaultFolders {
    static var profiles: URL { resolve(variable: "ATTEST_PROFILES", folder: "profiles") }
    static var fixtures: URL { resolve(variable: "ATTEST_FIXTURES", folder: "fixtures") }

    /// The repository root: this file is `<root>/Sources/attest/DefaultFolders.swift`.
    static var sourceTree: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private static func resolve(variable: String, folder: String) -> URL {
        if let path = ProcessInfo.processInfo.environment[variable] { return URL(fileURLWithPath: path) }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(folder)
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return sourceTree.appendingPathComponent(folder)
    }
}
