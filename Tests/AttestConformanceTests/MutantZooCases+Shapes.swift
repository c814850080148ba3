import AttestConformance
import AttestCore

extension MutantCase {
    /// The shape mutants of issue 12 (`Bugs+Shapes.swift`): each exposing
    /// problem has the shape its bug needs, each control the nearest shape
    /// without it.
    static let shapes: [MutantCase] = [
        MutantCase(slug: "last-tile-padding-visible",
                   exposing: MutantProblem("Skv 140: two key tiles of 128, the last ragged") { $0.keyLength = 140 },
                   control: MutantProblem("Skv 100: one ragged key tile") { $0.keyLength = 100 }),
        MutantCase(slug: "head-dim-first-64",
                   exposing: MutantProblem("D 80") { $0.headDim = 80 },
                   control: MutantProblem("D 64") { $0.headDim = 64 }),
        MutantCase(slug: "split-kv-empty-lse-zero",
                   exposing: MutantProblem("decode Sq 1, Skv 600, key lengths [3, 600]: two empty splits") {
                       $0.queryLength = 1; $0.keyLength = 600
                       $0.configure = { $0.mask.keyLengths = [3, 600] }
                   },
                   control: MutantProblem("decode Sq 1, Skv 600, key lengths [600, 550]: no empty split") {
                       $0.queryLength = 1; $0.keyLength = 600
                       $0.configure = { $0.mask.keyLengths = [600, 550] }
                   }),
        MutantCase(slug: "kv-index-16-bit",
                   exposing: MutantProblem("decode Sq 1, Skv 65,600, window (99, 0): 64 of the 100 visible keys past 2^16") {
                       $0.batch = 1; $0.queryLength = 1; $0.keyLength = 65_600; $0.headDim = 4; $0.valueDim = 4
                       $0.configure = { $0.mask.window = SlidingWindow(left: 99, right: 0) }
                   },
                   control: MutantProblem("decode Sq 1, Skv 65,536, window (99, 0)") {
                       $0.batch = 1; $0.queryLength = 1; $0.keyLength = 65_536; $0.headDim = 4; $0.valueDim = 4
                       $0.configure = { $0.mask.window = SlidingWindow(left: 99, right: 0) }
                   }),
        MutantCase(slug: "window-tiles-rounded",
                   exposing: MutantProblem("Skv 200, window (150, 0): left edge two tiles from the diagonal") {
                       $0.keyLength = 200
                       $0.configure = { $0.mask.window = SlidingWindow(left: 150, right: 0) }
                   },
                   control: MutantProblem("Skv 200, window (40, 0)") {
                       $0.keyLength = 200
                       $0.configure = { $0.mask.window = SlidingWindow(left: 40, right: 0) }
                   }),
    ]
}
