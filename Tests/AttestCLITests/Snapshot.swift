import Foundation
import Testing

/// Compares `text` with the snapshot `__Snapshots__/<name>.txt` next to this
/// test target. With `ATTEST_RECORD=1` in the environment (or when the file
/// does not exist yet) it writes the snapshot instead and records an issue,
/// so a re-recording run never passes silently: rerun without the variable.
func expectSnapshot(_ text: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__").appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["ATTEST_RECORD"] == "1"
    guard !record, let stored = try? String(contentsOf: url, encoding: .utf8) else {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(url.path); check it in and rerun without ATTEST_RECORD", sourceLocation: sourceLocation)
        return
    }
    let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
    guard text != expected else { return }
    let got = text.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
    let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
    let gotLine = line < got.count ? got[line] : "(end)", wantLine = line < want.count ? want[line] : "(end)"
    Issue.record("""
        snapshot \(name) differs at line \(line + 1):
          snapshot: \(wantLine)
          actual:   \(gotLine)
        (rerun with ATTEST_RECORD=1 to accept the new text)
        """, sourceLocation: sourceLocation)
}
