import AttestConformance
import Foundation
import Synchronization

/// Progress of `attest certify` on stderr: a bar with counts and ETA
/// redrawn in place on a terminal, or a plain line every 10% otherwise.
final class ProgressReporter: Sendable {
    private struct State {
        var counts: [Verdict: Int] = [:]
        var lastDecile = 0
        var lastDraw = Date.distantPast
    }

    private let total: Int
    private let terminal: Bool
    private let start = Date()
    private let state = Mutex(State())

    init(total: Int, terminal: Bool) {
        self.total = total
        self.terminal = terminal
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    func update(_ p: ConformanceRunner.Progress) {
        let line: String? = state.withLock { s in
            s.counts[p.result.verdict, default: 0] += 1
            let elapsed = Date().timeIntervalSince(start)
            let eta = p.done > 0 ? elapsed / Double(p.done) * Double(total - p.done) : 0
            let counts = Verdict.allCases.compactMap { v in s.counts[v].map { "\(v.rawValue) \($0)" } }.joined(separator: ", ")
            if terminal {
                guard Date().timeIntervalSince(s.lastDraw) > 0.1 || p.done == total else { return nil }
                s.lastDraw = Date()
                let width = 30, filled = width * p.done / max(total, 1)
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                return "\r[\(bar)] \(p.done)/\(total)  \(counts)  ETA \(Int(eta.rounded()))s\u{1B}[K"
            }
            let decile = 10 * p.done / max(total, 1)
            guard decile > s.lastDecile || p.done == total else { return nil }
            s.lastDecile = decile
            return "progress: \(p.done)/\(total) cases (\(counts)), \(String(format: "%.1f", elapsed))s elapsed, ETA \(Int(eta.rounded()))s\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
