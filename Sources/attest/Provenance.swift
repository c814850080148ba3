import AttestConformance
import Foundation

/// What a certificate records about where it was made, read by the tool (the
/// library only carries the values): the machine, and the source tree's git state.
extension RunEnvironment {
    /// Reads the machine (`/etc/os-release`, `/proc/cpuinfo`), the compiler
    /// this tool was built with, and the library versions the caller knows
    /// ("unknown" when it cannot tell).
    static func current(libhdf5: String = "unknown", openblas: String = "unknown") -> RunEnvironment {
        RunEnvironment(os: osName(), cpu: cpuName(), cores: ProcessInfo.processInfo.activeProcessorCount,
                       swift: compilerVersion, libhdf5: libhdf5, openblas: openblas)
    }

    private static func osName() -> String {
        if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return ProcessInfo.processInfo.operatingSystemVersionString
    }

    private static func cpuName() -> String {
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let name = line.split(separator: ":", maxSplits: 1).last {
            return name.trimmingCharacters(in: .whitespaces)
        }
        return "unknown"
    }

    /// The Swift compiler that built this binary, to the minor version.
    private static var compilerVersion: String {
        #if compiler(>=6.4)
        "6.4 or later"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }
}

extension SuiteRecord {
    /// This suite with the git state of `directory`: `git rev-parse HEAD`, and
    /// whether `git status --porcelain` lists changes to tracked files;
    /// "unknown"/nil when git or the repository is missing.
    static func current(gitIn directory: URL = DefaultFolders.sourceTree) -> SuiteRecord {
        guard let commit = git(["rev-parse", "HEAD"], in: directory)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !commit.isEmpty else { return SuiteRecord() }
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory)
        return SuiteRecord(gitCommit: commit, gitDirty: status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }

    private static func git(_ arguments: [String], in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(data: data, encoding: .utf8) : nil
    }
}
