import Subprocess
import Synchronization

/// The last lines a child wrote on its stderr, kept for the reason of a CRASH
/// or TIMEOUT. Holds at most `limit` lines of at most `maxLineLength`
/// characters each (longer lines are cut), so a child that floods its stderr
/// costs bounded memory. The stack trace the Swift runtime prints after a
/// fatal error (`Current stack trace:` and numbered frame lines with
/// addresses) is counted, not kept, so the tail shows the error's message.
final class StderrTail: Sendable {
    let limit: Int
    let maxLineLength: Int
    private struct State {
        var lines: [String] = []
        var framesLeftOut = 0
    }
    private let state = Mutex(State())

    init(limit: Int, maxLineLength: Int = 400) {
        precondition(limit >= 0, "a stderr tail keeps a non-negative number of lines, got \(limit)")
        self.limit = limit
        self.maxLineLength = maxLineLength
    }

    func append(_ line: String) {
        guard limit > 0 else { return }
        if Self.isStackTrace(line) {
            state.withLock { $0.framesLeftOut += 1 }
            return
        }
        let cut = line.count > maxLineLength ? String(line.prefix(maxLineLength)) + "…" : line
        state.withLock { s in
            s.lines.append(cut)
            if s.lines.count > limit { s.lines.removeFirst(s.lines.count - limit) }
        }
    }

    /// The kept lines, then `(N stack trace lines left out)` when there were any.
    var snapshot: [String] {
        state.withLock { s in s.lines + (s.framesLeftOut > 0 ? ["(\(s.framesLeftOut) stack trace lines left out)"] : []) }
    }

    /// `Current stack trace:` or a frame line: `<n> <image> 0x<address> …`.
    static func isStackTrace(_ line: String) -> Bool {
        if line == "Current stack trace:" { return true }
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        return words.count >= 3 && Int(words[0]) != nil && words[2].hasPrefix("0x")
    }
}

extension StderrTail {
    /// Appends every line of a child's stderr until it ends (a read error is noted as the last line).
    func drain(_ stderr: SubprocessOutputSequence) async {
        do {
            for try await line in stderr.strings(bufferingPolicy: .maxLineLength(1 << 20)) { append(line) }
        } catch {
            append("(stderr no longer read: \(error))")
        }
    }
}
