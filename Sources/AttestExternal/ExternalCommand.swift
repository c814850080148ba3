import AttestSupervisor
import Crypto
import Foundation

/// The command of `attest certify --exec 'COMMAND'` (`docs/external-kernels.md`
/// §1, §7): its words, the executable resolved on `PATH`, and the script when
/// the command is an interpreter plus a script, each with its SHA-256.
public struct ExternalCommand: Sendable, Equatable {
    /// The text given to `--exec`.
    public var text: String
    public var words: [String]
    /// The executable's path as run: the first word when it has a `/`, else found on `PATH`.
    public var executable: String
    public var executableSHA256: String
    /// The first word after the executable that does not start with `-` and names a regular file.
    public var script: String?
    public var scriptSHA256: String?

    /// Splits `text`, resolves the executable and hashes it (and the script).
    /// Throws a sentence naming the problem (empty command, unbalanced quote,
    /// executable not found, unreadable file).
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ExternalKernelError) {
        self.text = text
        words = try Self.split(text)
        guard let first = words.first else { throw ExternalKernelError("--exec needs a command, got an empty one") }
        executable = try Self.resolve(first, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        executableSHA256 = try Self.sha256(ofFile: executable)
        script = words.dropFirst().first { !$0.hasPrefix("-") }.flatMap { word in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: word, isDirectory: &isDirectory) && !isDirectory.boolValue ? word : nil
        }
        scriptSHA256 = try script.map { (s) throws(ExternalKernelError) in try Self.sha256(ofFile: s) }
    }

    /// The command with `arguments` appended, ready to run.
    public func child(_ arguments: [String]) -> ChildCommand {
        ChildCommand(executable: executable, arguments: Array(words.dropFirst()) + arguments)
    }

    /// POSIX-shell word splitting of a simple command, without expansion:
    /// blanks separate words; '...' quotes literally; "..." quotes with `\`
    /// escaping `"`, `\`, `$` and a backquote; an unquoted `\` escapes the next character.
    static func split(_ text: String) throws(ExternalKernelError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                guard let end = chars.firstIndex(of: "'") else { throw ExternalKernelError("--exec: unbalanced single quote in \(text)") }
                current += String(chars[chars.startIndex ..< end])
                chars = chars[(end + 1)...]
            case "\"":
                inWord = true
                var closed = false
                while let d = chars.popFirst() {
                    if d == "\"" { closed = true; break }
                    if d == "\\", let next = chars.first, "\"\\$`".contains(next) { current.append(chars.removeFirst()); continue }
                    current.append(d)
                }
                guard closed else { throw ExternalKernelError("--exec: unbalanced double quote in \(text)") }
            case "\\":
                inWord = true
                guard let next = chars.popFirst() else { throw ExternalKernelError("--exec: a trailing backslash in \(text)") }
                current.append(next)
            default:
                inWord = true
                current.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// `word` itself when it holds a `/`, else the first executable `PATH` entry of that name.
    static func resolve(_ word: String, path: String) throws(ExternalKernelError) -> String {
        let fm = FileManager.default
        if word.contains("/") {
            guard fm.isExecutableFile(atPath: word) else {
                throw ExternalKernelError("--exec: \(word) is not an executable file")
            }
            return word
        }
        for dir in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + word
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw ExternalKernelError("--exec: \(word) is not found on PATH (\(path))")
    }

    /// Lower-case hex SHA-256 of a file's bytes.
    static func sha256(ofFile path: String) throws(ExternalKernelError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExternalKernelError("--exec: cannot read \(path) to hash it")
        }
        return SHA256.hash(data: data).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

/// A problem with an external kernel's command or declaration that stops the
/// run before any case (`attest` exits 2).
public struct ExternalKernelError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
