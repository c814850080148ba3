import Foundation
@testable import attest

/// Runs the `attest` binary of this build as a child process, as a user
/// would, and reports how it ended. Supervised certification runs through
/// the binary in tests: `SupervisedRunner` blocks its caller until its
/// workers are done, which a test on Swift's cooperative pool must not do.
enum AttestBinary {
    struct Ended {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
    }

    /// `environment` is set on top of this process's environment.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Ended {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Worker.executablePath)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("attest-bin-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
        defer { for f in [out, err] { try? FileManager.default.removeItem(at: f) } }
        for f in [out, err] { FileManager.default.createFile(atPath: f.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Ended(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                     stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                     stderr: String(((try? String(contentsOf: err, encoding: .utf8)) ?? "").suffix(4000)))
    }
}
