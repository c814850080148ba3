import ArgumentParser
import AttestConformance
import AttestReport
import Foundation

/// `attest report`: render report folders again from their saved results,
/// compare a run with an earlier one, or write the overview of a root folder.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render index.html and junit.xml again from saved results, compare two runs, or write an overview.",
        discussion: """
        attest report DIR...               rewrite DIR/index.html and DIR/junit.xml from DIR/results.jsonl and DIR/certificate.json
        attest report --baseline OLD NEW   new failures, fixes and headroom drift of NEW against OLD
        attest report --overview ROOT      write ROOT/index.html over every ROOT/*/certificate.json
        Exit codes: 0 done (and, with --baseline, no new failure; with --overview, every configuration CERTIFIED), \
        1 new failures or a configuration not CERTIFIED, 2 usage error or unreadable folder.
        """)

    @Argument(help: "Report folders (with --baseline: the new run's folder).")
    var directories: [String] = []

    @Option(help: "An earlier run's report folder to compare the one given with.")
    var baseline: String?

    @Option(help: "A root folder: write ROOT/index.html, the matrix of every ROOT/*/ report.")
    var overview: String?

    func validate() throws {
        if overview != nil {
            guard directories.isEmpty, baseline == nil else { throw ValidationError("--overview ROOT takes no other folder and no --baseline") }
        } else if baseline != nil {
            guard directories.count == 1 else { throw ValidationError("--baseline OLD compares exactly one NEW folder, got \(directories.count)") }
        } else {
            guard !directories.isEmpty else { throw ValidationError("give at least one report folder, --baseline OLD NEW or --overview ROOT") }
        }
    }

    func run() throws {
        if let overview { return try writeOverview(overview) }
        let folders = try directories.map { dir in try asUsage { try ReportFolder.read(URL(fileURLWithPath: dir)) } }
        if let baseline {
            let old = try asUsage { try ReportFolder.read(URL(fileURLWithPath: baseline)) }
            let comparison = ReportBaseline(old: old.run, new: folders[0].run)
            for line in comparison.lines(rerun: { RerunCommand.text(folders[0].run, id: $0) }) { print(line) }
            if !comparison.newFailures.isEmpty { throw ExitCode(1) }
            return
        }
        for folder in folders {
            do { try ReportFolder.write(folder.run, to: folder.directory, renderers: [HTMLReport(), JUnitXML()]) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            print("\(folder.run.verdict.rawValue): \(folder.run.configuration): \(folder.directory.path)/\(HTMLReport.fileName), \(JUnitXML.fileName)")
        }
    }

    /// The overview of every immediate subfolder of `root` that holds a certificate, in name order.
    private func writeOverview(_ root: String) throws {
        let rootURL = URL(fileURLWithPath: root)
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: root).sorted() } catch {
            throw ValidationError("cannot list \(root): \(error)")
        }
        let entries = try names.filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/\(CertificateJSON.fileName)") }.map { name in
            OverviewPage.Entry(folder: name, run: try asUsage { try ReportFolder.read(rootURL.appendingPathComponent(name)).run })
        }
        guard !entries.isEmpty else { throw ValidationError("\(root) has no report folder (no \(root)/*/\(CertificateJSON.fileName))") }
        let target = rootURL.appendingPathComponent("index.html")
        do { try AtomicFile.write(try OverviewPage.render(entries), to: target) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let failing = entries.filter { $0.run.verdict != .certified }
        for e in failing { print("\(e.run.verdict.rawValue): \(e.run.configuration) (\(root)/\(e.folder))") }
        print("overview: \(entries.count - failing.count) of \(entries.count) configuration(s) CERTIFIED: \(target.path)")
        if !failing.isEmpty { throw ExitCode(1) }
    }
}
