import AttestConformance
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `junit.xml`: the run for CI systems, in the JUnit XML dialect of Ant and
/// Jenkins (`<testsuites>` of `<testsuite>` of `<testcase>`), written with
/// Foundation's XML tree, which escapes every attribute and text.
///
/// - one `<testsuite>` per case family (`CaseFacets.family`: `fwd:gen:window`),
///   in order of first appearance, each with the run's environment and
///   provenance as `<properties>`;
/// - one `<testcase>` per case: `name` its id, `classname` its family,
///   `time` its wall seconds;
/// - FAIL → `<failure type="FAIL">`, ERROR, CRASH, TIMEOUT and HARNESS_ERROR
///   → `<error type="VERDICT">`, NOT_SUPPORTED → `<skipped message="reason">`,
///   PASS → nothing inside; a failure's or error's text holds every error
///   report, the reason (with a worker's stderr tail) and the rerun command.
///
/// Characters XML 1.0 cannot hold at all (control characters other than tab,
/// newline and carriage return) are written as `\u{XX}` (`XMLText.legal`).
public struct JUnitXML: ReportRenderer {
    public static let fileName = "junit.xml"
    public var fileName: String { Self.fileName }

    public init() {}

    public func render(_ run: CertificationRun) throws -> Data {
        let facets = run.results.map(CaseFacets.init)
        var order: [String] = []
        var byFamily: [String: [CaseResult]] = [:]
        for (r, f) in zip(run.results, facets) {
            if byFamily[f.family] == nil { order.append(f.family) }
            byFamily[f.family, default: []].append(r)
        }
        let timestamp = Self.timestamp(run.timing.started)
        let properties = Self.properties(run)
        let root = Self.element("testsuites", [
            ("name", "\(run.configuration) on profile \(run.profile.name): \(run.verdict.rawValue)"),
        ] + Self.counts(run.results))
        for family in order {
            let results = byFamily[family]!
            let suite = Self.element("testsuite", [("name", family)] + Self.counts(results)
                + [("timestamp", timestamp), ("hostname", "localhost")])
            let props = Self.element("properties", [])
            for (name, value) in properties { props.addChild(Self.element("property", [("name", name), ("value", value)])) }
            suite.addChild(props)
            for r in results { suite.addChild(Self.testcase(r, family: family, run: run)) }
            root.addChild(suite)
        }
        let document = XMLDocument(rootElement: root)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        var data = document.xmlData(options: [.nodePrettyPrint, .nodeCompactEmptyElement])
        if data.last != 0x0A { data.append(0x0A) }
        return data
    }

    static func testcase(_ r: CaseResult, family: String, run: CertificationRun) -> XMLElement {
        let c = element("testcase", [("name", r.id), ("classname", family), ("time", seconds(r.seconds))])
        let body = (r.errors.map(\.summary) + [r.reason].compactMap { $0 } + ["rerun: " + RerunCommand.text(run, id: r.id)])
            .joined(separator: "\n")
        let message = r.errors.first { !$0.passed }?.summary ?? r.reason.map { String($0.prefix { $0 != "\n" }) } ?? r.verdict.rawValue
        switch r.verdict {
        case .pass: break
        case .notSupported: c.addChild(element("skipped", [("message", r.reason ?? "NOT_SUPPORTED")]))
        case .fail: c.addChild(element("failure", [("message", message), ("type", r.verdict.rawValue)], text: body))
        case .error, .crash, .timeout, .harnessError:
            c.addChild(element("error", [("message", message), ("type", r.verdict.rawValue)], text: body))
        }
        return c
    }

    /// `tests`, `failures`, `errors`, `skipped` and `time` of `results`.
    static func counts(_ results: [CaseResult]) -> [(String, String)] {
        let n = VerdictCounts(results)
        return [("tests", "\(results.count)"), ("failures", "\(n[.fail])"),
                ("errors", "\(n[.error] + n[.crash] + n[.timeout] + n[.harnessError])"), ("skipped", "\(n[.notSupported])"),
                ("time", seconds(results.reduce(0) { $0 + $1.seconds }))]
    }

    /// The environment and provenance, as `<property>` pairs.
    static func properties(_ run: CertificationRun) -> [(String, String)] {
        let e = run.environment
        return [("attest.verdict", run.verdict.rawValue), ("attest.configuration", run.configuration.description),
                ("attest.profile", run.profile.name), ("attest.profile.sha256", run.profile.sha256),
                ("attest.tolerance_policy", run.policy.id), ("attest.command", run.command),
                ("attest.git_commit", run.suite.gitCommit), ("attest.fixtures.sha256", run.fixtures.sha256),
                ("os", e.os), ("cpu", e.cpu), ("cores", "\(e.cores)"), ("swift", e.swift),
                ("libhdf5", e.libhdf5), ("openblas", e.openblas)]
    }

    static func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) -> XMLElement {
        let e = XMLElement(name: name)
        for (key, value) in attributes {
            if let attribute = XMLNode.attribute(withName: key, stringValue: XMLText.legal(value)) as? XMLNode {
                e.addAttribute(attribute)
            }
        }
        if let text { e.stringValue = XMLText.legal(text) }
        return e
    }

    static func seconds(_ s: Double) -> String { String(format: "%.3f", s.isFinite ? max(0, s) : 0) }

    /// `yyyy-MM-ddTHH:mm:ss` in UTC, the timestamp form the JUnit schemas take.
    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return f.string(from: date)
    }
}

/// Text that XML 1.0 can hold.
enum XMLText {
    /// `s` with every character XML 1.0 forbids (C0 controls other than tab,
    /// newline, carriage return; U+FFFE, U+FFFF) written as `\u{XX}`.
    static func legal(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isIllegal) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isIllegal(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    static func isIllegal(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\t" && u != "\n" && u != "\r") || u.value == 0xFFFE || u.value == 0xFFFF
    }
}
