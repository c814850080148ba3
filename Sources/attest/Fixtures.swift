import ArgumentParser
import AttestConformance
import AttestFixtures
import Foundation

/// `attest fixtures`: list and verify golden fixture files.
struct Fixtures: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and verify golden fixture files (HDF5, schema in fixtures/README.md).",
        subcommands: [FixturesList.self, FixturesVerify.self])
}

/// The PATH argument shared by the fixtures subcommands.
struct FixturePathOptions: ParsableArguments {
    @Argument(help: "A fixture file, or a folder whose .h5 files are used.")
    var path: String = "fixtures"

    /// Only a missing path is a usage error; anything else at the path (a FIFO, a
    /// symbolic link loop, ...) is reported by `verify`/`list` as a failing file.
    func validate() throws {
        guard FileSystemEntry(path: path) != .missing else {
            throw ValidationError("no such file or folder: \(path)")
        }
    }
}

/// `attest fixtures list [PATH]`: every case of every file, one line each.
struct FixturesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cases of fixture files.")
    @OptionGroup var options: FixturePathOptions

    func run() throws {
        let result = FixtureListing.list(options.path)
        print(result.lines.joined(separator: "\n"))
        if !result.allGood { throw ExitCode.failure }
    }
}

/// `attest fixtures verify [PATH]`: schema, version, hash and load checks, one status line per file.
struct FixturesVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify fixture files: schema and version, every dataset's sha256, the manifest, every case loads, recomputes and has its canonical id.",
        discussion: "Prints one status line per file; exits 0 only when every file is good, 1 otherwise.")
    @OptionGroup var options: FixturePathOptions

    @Flag(help: "Read every file in this process (debugging); by default files that are not hash-verified are read in a supervised worker.")
    var inProcess = false

    func run() throws {
        let result = FixtureListing.verify(options.path, checker: inProcess ? nil : FixtureWorker.checker(recompute: true))
        print(result.lines.joined(separator: "\n"))
        if !result.allGood { throw ExitCode.failure }
    }
}

/// The text of `attest fixtures list` and `verify`.
enum FixtureListing {
    struct Result: Equatable {
        var lines: [String]
        var allGood: Bool
    }

    /// The files at `path`, or a FAIL line when there are none.
    private static func files(_ path: String) -> Result? {
        do {
            let files = try FixtureFile.files(at: path)
            return files.isEmpty ? Result(lines: ["FAIL \(path): no .h5 files"], allGood: false) : nil
        } catch {
            return Result(lines: ["FAIL \(error)"], allGood: false)
        }
    }

    /// With a `checker`, the files that are not hash-verified (`ShippedFixtures`)
    /// are verified by it (out of process; `attest fixtures verify` passes one
    /// that recomputes, `FixtureRecomputation`); the others, or all without
    /// one, here, recomputed too.
    static func verify(_ path: String, checker: (any FixtureFileChecker)? = nil) -> Result {
        if let failure = files(path) { return failure }
        var result = Result(lines: [], allGood: true)
        let files = (try? FixtureFile.files(at: path)) ?? []
        let checked = checker?.check(files.filter { !ShippedFixtures.isShipped(path: $0) }) ?? [:]
        for file in files {
            do {
                let cases = try checked[file]?.get().cases.count ?? FixtureRecomputation.checkedIndex(path: file).cases.count
                result.lines.append("ok  \(file)  \(cases) cases")
            } catch {
                result.lines.append("FAIL \(error)")
                result.allGood = false
            }
        }
        return result
    }

    static func list(_ path: String) -> Result {
        if let failure = files(path) { return failure }
        var result = Result(lines: [], allGood: true)
        for file in (try? FixtureFile.files(at: path)) ?? [] {
            do {
                let fixture = try FixtureFile(path: file)
                let cases = try fixture.cases()
                result.lines.append("\(file)  family \(fixture.family)  schema v\(fixture.schemaVersion)  \(cases.count) cases")
                for c in cases { result.lines.append("  \(c.group)  \(c.id)  \(c.description)") }
            } catch {
                result.lines.append("FAIL \(error)")
                result.allGood = false
            }
        }
        return result
    }
}
