import AttestConformance
import AttestCore

/// The range of every value read back from a report folder, checked by
/// `ReportFolder.read` before `attest verify` or `attest merge` uses any of
/// them: a tampered or truncated folder is a `ReportError` naming the file,
/// the field (or line) and the value, never a trap or a silent wrong verdict.
///
/// | field | range |
/// |---|---|
/// | `profile.name` | `Profile.isValidName` (never a path out of the profiles folder) |
/// | `profile.case_count`, `results.lines`, `run.jobs`, `counts.*` | integers >= 0 (`case_count`, `jobs` >= 1) |
/// | `selection.seed` | `RunSelection.seeds` |
/// | `selection.shard` | 1 <= index <= count (checked when decoded, `Shard`) |
/// | `kernel.max_head_dim` | >= 1 when present |
/// | `run.wall_s` | finite, >= 0 |
/// | `results.file` | `results.jsonl` |
/// | a result's `time_s`, `kernel_s`, `reference_s` | finite, >= 0 |
/// | an error report's `max_abs`, `max_rel`, `baseline_max_abs` | >= 0 or +inf (not NaN) |
/// | an error report's `bound` | finite, > 0 |
/// | an error report's `headroom` | >= 0 or +inf (not NaN) |
/// | an error report's `nonfinite_mismatches`, `worst_index` entries | >= 0 |
/// | an error report's `headroom_histogram` (when present) | one count >= 0 per `ErrorReport.headroomBins` |
enum ReportRanges {
    /// Throws `ReportError.field` naming the first certificate field out of range.
    static func check(_ c: Certificate) throws {
        func need(_ ok: Bool, _ field: String, _ value: Any, _ range: String) throws {
            guard ok else { throw ReportError.field(field, "\(value) is out of range (\(range))") }
        }
        try need(Profile.isValidName(c.profile.name), "profile.name", "'\(c.profile.name)'",
                 "a profile name, never a path: letters, digits, '_', '-', '.', no leading '.'")
        try need(c.profile.caseCount >= 1, "profile.case_count", c.profile.caseCount, ">= 1")
        try need(RunSelection.seeds.contains(c.selection.seed), "selection.seed", c.selection.seed,
                 "\(RunSelection.seeds.lowerBound) ... \(RunSelection.seeds.upperBound)")
        try need(c.results.file == ResultsJSONL.fileName, "results.file", "'\(c.results.file)'", ResultsJSONL.fileName)
        try need(c.results.lines >= 0, "results.lines", c.results.lines, ">= 0")
        try need(c.run.jobs >= 1, "run.jobs", c.run.jobs, ">= 1")
        try need(c.run.wallSeconds.isFinite && c.run.wallSeconds >= 0, "run.wall_s", c.run.wallSeconds, "finite, >= 0")
        if let m = c.kernel.maxHeadDim { try need(m >= 1, "kernel.max_head_dim", m, ">= 1") }
        if let m = c.kernel.maxFlops { try need(m.isFinite && m > 0, "kernel.max_flops", m, "finite, > 0") }
        for verdict in Verdict.allCases {
            try need(c.counts[verdict] >= 0, "counts.\(verdict.rawValue)", c.counts[verdict], ">= 0")
        }
    }

    /// The first value of `r` out of range, named (nil: all in range).
    static func problem(_ r: CaseResult) -> String? {
        func seconds(_ x: Double, _ key: String) -> String? {
            x.isFinite && x >= 0 ? nil : "\(key) \(x) is out of range (finite, >= 0)"
        }
        if let p = seconds(r.seconds, "time_s") ?? seconds(r.kernelSeconds, "kernel_s") ?? seconds(r.referenceSeconds, "reference_s") {
            return p
        }
        for (n, e) in r.errors.enumerated() {
            let at = "errors[\(n)] (\(e.tensor))"
            for (key, x) in [("max_abs", e.maxAbs), ("max_rel", e.maxRel), ("baseline_max_abs", e.baselineMaxAbs), ("headroom", e.headroom)]
            where x.isNaN || x < 0 {
                return "\(at) \(key) \(x) is out of range (>= 0 or inf)"
            }
            if !(e.bound.isFinite && e.bound > 0) { return "\(at) bound \(e.bound) is out of range (finite, > 0)" }
            if e.nonFiniteMismatches < 0 { return "\(at) nonfinite_mismatches \(e.nonFiniteMismatches) is out of range (>= 0)" }
            if e.worstIndex.contains(where: { $0 < 0 }) { return "\(at) worst_index \(e.worstIndex) has a negative entry" }
            if let h = e.histogram, h.count != ErrorReport.headroomBins.count || h.contains(where: { $0 < 0 }) {
                return "\(at) headroom_histogram \(h) is out of range (\(ErrorReport.headroomBins.count) counts >= 0)"
            }
        }
        return nil
    }
}
