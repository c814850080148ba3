import AttestConformance
import AttestCore
import Foundation

/// `FixedRun.run` with text no report may execute or break on: ids and
/// reasons holding `<script>`, `</script>`, quotes, ampersands, control
/// characters and line separators, as a kernel or a edited results file could.
enum HostileRun {
    static let scriptID = "fwd:gen:x</script><script>alert(\"id\")</script>:dtype=f32;B=1;Hq=1;Hkv=1;Sq=1;Skv=1;D=1;Dv=1;mask=none;seed=0"
    static let quoteID = "it's a \"case\" & <b>bold</b> \u{1}\u{1b}[31m\u{2028}end"
    static let stderrReason = "the worker process died on this case: signal 11; its stderr ended with:\n  | <script>alert('stderr')</script>\n  | ]]> <!-- \u{0} \u{7}"

    static var run: CertificationRun {
        var run = FixedRun.run
        run.results[2].id = scriptID
        run.results[2].reason = "<img src=x onerror=alert(1)>"
        run.results[3].id = quoteID
        run.results[3].verdict = .crash
        run.results[3].reason = stderrReason
        run.results[3].tags = ["<svg onload=alert(2)>", "f32"]
        run.decision.reasons = ["1 FAIL case(s), first \(scriptID)", "1 CRASH case(s), first \(quoteID)"]
        return run
    }
}
