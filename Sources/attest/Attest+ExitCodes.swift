import ArgumentParser
import Foundation

extension Attest {
    /// Runs the command line with Attest's exit codes: usage errors exit 2
    /// (ArgumentParser's default is 64), help and version 0, a command's own
    /// `ExitCode` unchanged.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 1 ? 2 : code.rawValue)
        }
    }
}
