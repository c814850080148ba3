import AttestConformance
import Foundation
import Mustache

/// `index.html`: the run as one self-contained page (inline style, script
/// and SVG; no network access; opens from disk), rendered from the Mustache
/// template `HTMLTemplate.page`, which escapes every value taken from the run.
///
/// It shows the verdict banner (with the reasons, kernel, preamble stack,
/// profile, tolerance policy and the SHA-256 of `certificate.json`), the
/// pictures (`ReportCharts`), the cases as a tree built by the page's script
/// from the data island (`ReportDataIsland`), and the environment and provenance.
public struct HTMLReport: ReportRenderer {
    public static let fileName = "index.html"
    public var fileName: String { Self.fileName }

    public init() {}

    public func render(_ run: CertificationRun) throws -> Data {
        let facets = run.results.map(CaseFacets.init)
        let resultsData = try ResultsJSONL().render(run)
        let certificate = Certificate(run, resultsData: resultsData)
        let page = Page(run: run, certificate: certificate,
                        certificateSHA: Hashing.sha256(try CertificateJSON.data(certificate)),
                        charts: ReportCharts(run, facets: facets),
                        data: try ReportDataIsland(run, facets: facets).scriptSafeJSON())
        return Data(try Self.template.render(page).utf8)
    }

    /// The parsed template (parsed once; a parse failure is a bug in the suite).
    static let template: MustacheTemplate = {
        do { return try MustacheTemplate(string: HTMLTemplate.page) } catch {
            preconditionFailure("HTMLTemplate.page does not parse: \(error)")
        }
    }()

    /// What the template reads (by reflection: stored properties only).
    struct Page {
        var verdict: String, verdictText: String, verdictIcon: String, verdictClass: String
        var reasons: [String], hasReasons: Bool
        var kernel: String, preambles: String, configuration: String
        var profile: String, caseCount: Int, profileSHA: String
        var policy: String, policySHA: String, certificateSHA: String
        var total: Int, countsHeight: Int
        var charts: ReportCharts
        var environment: [Field]
        var style = HTMLStyle.css, script = HTMLScript.js
        var data: String

        struct Field { var name: String, value: String }

        init(run: CertificationRun, certificate c: Certificate, certificateSHA: String, charts: ReportCharts, data: String) {
            verdict = run.verdict.rawValue
            verdictText = run.verdict.rawValue.replacingOccurrences(of: "_", with: " ")
            verdictIcon = VerdictStyle.icon(run.verdict)
            verdictClass = "cert-" + run.verdict.rawValue.lowercased().replacingOccurrences(of: "_", with: "-")
            reasons = run.reasons
            hasReasons = !run.reasons.isEmpty
            kernel = run.configuration.kernel
            preambles = c.preambles.isEmpty ? "none (the kernel alone)" : c.preambles.joined(separator: " > ")
            configuration = run.configuration.description
            profile = run.profile.name
            caseCount = run.profile.caseCount
            profileSHA = run.profile.sha256
            policy = run.policy.id
            policySHA = run.policy.sha256
            self.certificateSHA = certificateSHA
            total = run.results.count
            countsHeight = Verdict.allCases.count * 24
            self.charts = charts
            self.data = data
            let e = run.environment
            let git = run.suite.gitCommit + (run.suite.gitDirty == true ? " (uncommitted changes)" : "")
            environment = [
                Field(name: "OS", value: e.os), Field(name: "CPU", value: "\(e.cpu), \(e.cores) cores"),
                Field(name: "Swift", value: e.swift), Field(name: "libhdf5", value: e.libhdf5),
                Field(name: "OpenBLAS (version, core type)", value: e.openblas),
                Field(name: "Suite", value: "\(run.suite.name) \(run.suite.version), git \(git)"),
                Field(name: "Fixtures", value: "sha256 \(run.fixtures.sha256), \(run.fixtures.files.count) file(s), read with libhdf5 \(run.fixtures.hdf5Version)"),
                Field(name: "Profile", value: "\(run.profile.name), sha256 \(run.profile.sha256)"),
                Field(name: "Results", value: "\(c.results.file), sha256 \(c.results.sha256), \(c.results.lines) lines"),
                Field(name: "Command", value: run.command),
                Field(name: "Run", value: "\(c.run.startedUTC) to \(c.run.finishedUTC), \(String(format: "%.1f", run.timing.wallSeconds)) s wall, \(run.timing.jobs) job(s)"
                    + (run.timing.mergedFrom.map { ", merged from \($0.joined(separator: ", "))" } ?? "")),
            ]
        }
    }
}
