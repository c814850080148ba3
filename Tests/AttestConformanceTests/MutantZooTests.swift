@testable import AttestConformance
import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Foundation
import Testing

/// Every mutant is broken, and broken only by its own bug: it differs from
/// the reference on the problem that exposes its bug and matches it on a
/// control problem without the triggering condition (judged by the tolerance policy).
@Suite struct MutantZooTests {
    static let reference = ReferenceAttention()

    static func mutant(_ slug: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> MutantKernel {
        try #require(Mutants.zoo.first { $0.name == "mutant/\(slug)" }, "no mutant named mutant/\(slug)",
                     sourceLocation: sourceLocation)
    }

    @Test func zooHasAtLeast24UniquelyNamedMutantsThatDeclareCorrectCapabilities() {
        #expect(Mutants.zoo.count >= 24)
        #expect(Set(Mutants.zoo.map(\.name)).count == Mutants.zoo.count)
        for mutant in Mutants.zoo {
            #expect(mutant.name.hasPrefix("mutant/"), "\(mutant.name)")
            #expect(mutant.capabilities == .literal, "\(mutant.name) must declare what the literal reference declares")
            #expect(!mutant.bug.isEmpty, "\(mutant.name) has no bug description")
        }
        #expect(Mutants.all.count == Mutants.zoo.count)
    }

    @Test func everyMutantHasATargetedCase() {
        let covered = Set(MutantCase.all.map(\.description) + ["mutant/nondeterministic"])
        for mutant in Mutants.zoo {
            #expect(covered.contains(mutant.name), "\(mutant.name) has no MutantCase: add its exposing problem")
        }
    }

    @Test func docsListEveryMutant() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("docs/mutants.md"), encoding: .utf8)
        for mutant in Mutants.zoo {
            #expect(text.contains("`\(mutant.name)`"), "docs/mutants.md does not list \(mutant.name)")
        }
    }

    @Test func mutantsRegisterUnderTheirNames() throws {
        let registry = KernelRegistry([ReferenceAttention()])
        try Mutants.register(in: registry)
        #expect(registry.names.filter(Mutants.isMutant).count == Mutants.zoo.count)
        #expect(try registry.kernel(named: "mutant/gqa-tiled").name == "mutant/gqa-tiled")
    }

    /// The undisturbed steps are correct: every problem of the table gives the
    /// reference's answer, so each mutant's difference is its bug alone.
    @Test(arguments: MutantCase.all)
    func correctStepsMatchTheReference(_ testCase: MutantCase) throws {
        let correct = MutantKernel("correct", CorrectSteps(), bug: "none")
        for problem in [testCase.exposing] + (testCase.control.map { [$0] } ?? []) {
            try expectWithinTolerance(try problem.run(correct), for: problem.arguments(), "correct steps on \(problem)")
        }
    }

    @Test(arguments: MutantCase.all)
    func mutantDiffersOnItsExposingProblem(_ testCase: MutantCase) throws {
        let mutant = try Self.mutant(testCase.slug)
        let problem = testCase.exposing
        let gap = try problem.run(mutant).distance(to: try problem.run(Self.reference))
        #expect(gap > testCase.minimumDistance,
                "\(mutant.name) is not broken on \(problem): distance \(gap) <= \(testCase.minimumDistance)")
    }

    @Test(arguments: MutantCase.all.filter { $0.control != nil })
    func mutantMatchesOnItsControlProblem(_ testCase: MutantCase) throws {
        let mutant = try Self.mutant(testCase.slug)
        let problem = try #require(testCase.control)
        try expectWithinTolerance(try problem.run(mutant), for: problem.arguments(), "\(mutant.name) has more than its bug on \(problem)")
    }

    /// Runs of the registered instance differ from each other; a fresh
    /// instance (its own run counter, so no other test can interleave) shows
    /// three consecutive runs pairwise different, each within the tolerance policy.
    @Test func nondeterministicMutantDiffersBetweenRunsButNotFromTheReference() throws {
        let registered = try Self.mutant("nondeterministic")
        let mutant = MutantKernel("nondeterministic", RunDependentNoise(), bug: registered.bug)
        let problem = MutantProblem("any problem")
        let runs = try (0 ..< 3).map { _ in try problem.run(mutant) }
        for (a, b) in [(0, 1), (1, 2), (0, 2)] {
            #expect(runs[a].o.widened().scalars != runs[b].o.widened().scalars, "runs \(a) and \(b) gave identical bits")
        }
        for (n, run) in runs.enumerated() {
            try expectWithinTolerance(run, for: problem.arguments(), "run \(n) of \(mutant.name)")
        }
    }
}
