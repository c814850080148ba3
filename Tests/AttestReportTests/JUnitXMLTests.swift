import AttestConformance
@testable import AttestReport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SnapshotTesting
import Testing

/// `junit.xml` on the hand-built `FixedRun` (snapshot), read back with
/// Foundation's XML parser, and on hostile text. The schema check and a
/// real consumer (junitparser) run in `tools/report/check-junit.py` (`make report-check`).
@Suite struct JUnitXMLTests {
    func document(_ run: CertificationRun, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLDocument {
        try XMLDocument(data: try JUnitXML().render(run))
    }

    @Test func junit() throws {
        assertSnapshot(of: String(decoding: try JUnitXML().render(FixedRun.run), as: UTF8.self), as: .lines)
    }

    /// One testsuite per family in order of appearance; FAIL → failure,
    /// ERROR → error, NOT_SUPPORTED → skipped with its reason, PASS → empty.
    @Test func verdictsMapToFailureErrorAndSkipped() throws {
        let root = try #require(try document(FixedRun.run).rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "4")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        #expect(root.attribute(forName: "skipped")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["fwd:gen:dense", "fwd:gen:window", "prop:determinism:default"])
        let cases = suites.flatMap { $0.elements(forName: "testcase") }
        #expect(cases.map { $0.attribute(forName: "name")?.stringValue } == FixedRun.run.results.map(\.id))
        #expect(cases[0].children == nil || cases[0].children!.isEmpty)
        #expect(cases[1].elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue
            == "ulysses:world=2: Hq=3 is not a multiple of P=2")
        let failure = try #require(cases[2].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "type")?.stringValue == "FAIL")
        #expect(failure.stringValue?.contains("rerun: attest certify --kernel tiled --preamble ulysses:world=2 --profile fixed --query '\(FixedRun.fail)'") == true)
        #expect(cases[3].elements(forName: "error").first?.attribute(forName: "type")?.stringValue == "ERROR")
        let properties = suites[0].elements(forName: "properties").first?.elements(forName: "property") ?? []
        #expect(properties.contains { $0.attribute(forName: "name")?.stringValue == "openblas" && $0.attribute(forName: "value")?.stringValue == "OpenBLAS 0.3.21" })
    }

    @Test func hostileTextIsEscapedAndControlCharactersSpelled() throws {
        let root = try #require(try document(HostileRun.run).rootElement())
        let cases = root.elements(forName: "testsuite").flatMap { $0.elements(forName: "testcase") }
        #expect(cases[2].attribute(forName: "name")?.stringValue == HostileRun.scriptID)
        #expect(cases[3].attribute(forName: "name")?.stringValue == "it's a \"case\" & <b>bold</b> \\u{1}\\u{1b}[31m\u{2028}end")
        let error = try #require(cases[3].elements(forName: "error").first)
        #expect(error.attribute(forName: "type")?.stringValue == "CRASH")
        #expect(error.stringValue?.contains("  | <script>alert('stderr')</script>\n  | ]]> <!-- \\u{0} \\u{7}") == true)
    }
}
