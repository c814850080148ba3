import AttestCore

/// The certificate-level verdict.
public enum CertificateVerdict: String, Sendable, Codable {
    /// Every rule below holds for a complete run of the profile.
    case certified = "CERTIFIED"
    /// The kernel fails a rule (a blocking case, or the mandatory core not all PASS).
    case notCertified = "NOT_CERTIFIED"
    /// A HARNESS_ERROR, or the executed ids differ from the selection: the run says nothing about the kernel.
    case invalid = "INVALID"
    /// A query or shard run: only part of the profile was executed; `attest merge` joins shards.
    case partial = "PARTIAL"
}

/// The certification rules (`docs/certificate.md`):
/// 1. the executed ids are exactly the expected ids (the selection of the profile), each once;
/// 2. no case is HARNESS_ERROR (else the run is INVALID);
/// 3. no case is FAIL, ERROR, CRASH or TIMEOUT;
/// 4. the mandatory core (`MandatoryCore`) is present and all PASS;
/// 5. every NOT_SUPPORTED names the declared capability it traces to;
/// 6. a case a preamble stack's shape rule excluded (`CaseResult.stackShape`)
///    takes no feature out of coverage (`StackCoverage`).
public struct CertificationDecision: Sendable, Codable, Equatable {
    public var verdict: CertificateVerdict
    /// Why the verdict is not CERTIFIED (empty when it is), one rule each.
    public var reasons: [String]

    public init(verdict: CertificateVerdict, reasons: [String]) {
        self.verdict = verdict
        self.reasons = reasons
    }

    /// Rule 0, before the others: a fixture set whose manifest could not be
    /// read (`FixtureManifest.unreadable`) makes the run INVALID with that
    /// one reason: a run never certifies over a broken fixture set.
    public static func decide(results: [CaseResult], expected: [String], partial: Bool,
                              fixtures: FixtureManifest = .none) -> CertificationDecision {
        if let why = fixtures.unreadable {
            return .init(verdict: .invalid, reasons: ["the golden fixtures' manifest cannot be read: \(why)"])
        }
        var reasons: [String] = []
        let executed = results.map(\.id)
        if executed != expected {
            let e = Set(expected), x = Set(executed)
            let missing = expected.filter { !x.contains($0) }, extra = executed.filter { !e.contains($0) }
            let duplicates = executed.count - x.count
            reasons.append("executed \(executed.count) case(s) but the selection has \(expected.count): "
                + "\(missing.count) missing\(missing.first.map { " (first \($0))" } ?? ""), "
                + "\(extra.count) extra\(extra.first.map { " (first \($0))" } ?? ""), \(duplicates) duplicate(s)"
                + (missing.isEmpty && extra.isEmpty && duplicates == 0 ? ", order differs" : ""))
            return .init(verdict: .invalid, reasons: reasons)
        }
        let harness = results.filter { $0.verdict == .harnessError }
        if !harness.isEmpty {
            reasons.append("\(harness.count) HARNESS_ERROR case(s), first \(harness[0].id): \(harness[0].reason ?? "")")
            return .init(verdict: .invalid, reasons: reasons)
        }
        for verdict in [Verdict.fail, .error, .crash, .timeout] {
            let n = results.filter { $0.verdict == verdict }
            if !n.isEmpty { reasons.append("\(n.count) \(verdict.rawValue) case(s), first \(n[0].id)") }
        }
        if let bad = results.first(where: { $0.verdict == .notSupported && ($0.reason ?? "").isEmpty }) {
            reasons.append("NOT_SUPPORTED without a declared capability: \(bad.id)")
        }
        if partial { return .init(verdict: .partial, reasons: reasons) }
        reasons += MandatoryCore.problems(results)
        reasons += StackCoverage.problems(results)
        return .init(verdict: reasons.isEmpty ? .certified : .notCertified, reasons: reasons)
    }
}

/// The mandatory core: float32; no mask, causal (either alignment) and
/// padding (key or query); MHA and GQA. A core case is a non-property case
/// tagged f32 and mha or gqa, none of whose tags is excluded (`role(of:)`,
/// and an explicit scale). Each of the six (mask cell × head grouping)
/// cells must have at least one PASS case, and every core case must PASS
/// (NOT_SUPPORTED there blocks), except one a preamble stack's shape rule
/// excluded (`CaseResult.stackShape`: the bare core supports it, the stack's
/// layout cannot hold it at this P).
public enum MandatoryCore {
    /// What the core makes of a case that needs a feature.
    enum Role {
        /// The feature fills the mask cell of this name.
        case cell(String)
        /// Allowed in core cases, without a cell of its own.
        case admitted
        /// A case that needs it is outside the core.
        case excluded
    }

    /// The core's rule for each feature: adding a feature is a compile error
    /// here until it is decided.
    static func role(of feature: AttentionFeature) -> Role {
        switch feature {
        case .causalTopLeft, .causalBottomRight: .cell("causal")
        case .keyPadding, .queryPadding: .cell("padding")
        // GQA is a head-grouping cell (MQA is not core: `isCore`); lse is an
        // output, judged wherever the kernel declares it.
        case .groupedQuery, .logSumExp: .admitted
        case .slidingWindow, .packedSequences, .booleanMask, .additiveBias, .alibi, .softcap, .valueDimDiffers: .excluded
        }
    }

    /// The mask cells in order: `no mask`, then each cell of `role(of:)` with its feature tags.
    static let maskCells: [(name: String, tags: Set<String>)] = AttentionFeature.allCases.reduce(into: [("no mask", ["no_mask"])]) {
        cells, feature in
        guard case let .cell(name) = role(of: feature) else { return }
        if let i = cells.firstIndex(where: { $0.name == name }) { cells[i].tags.insert(feature.rawValue) }
        else { cells.append((name, [feature.rawValue])) }
    }
    static let allowedMaskTags: Set<String> = maskCells.reduce(into: []) { $0.formUnion($1.tags) }
    static let excludedTags: Set<String> = Set(AttentionFeature.allCases.filter {
        if case .excluded = role(of: $0) { true } else { false }
    }.map(\.rawValue)).union(["prop", "scale"])

    public static func isCore(_ tags: [String]) -> Bool {
        let t = Set(tags)
        return t.contains("f32") && (t.contains("mha") || t.contains("gqa")) && t.isDisjoint(with: excludedTags)
            && !t.isDisjoint(with: allowedMaskTags)
    }

    /// How many distinct NOT_SUPPORTED reasons `problems` names.
    static let maxNeedsShown = 6

    /// Why the core is not satisfied (empty when it is).
    public static func problems(_ results: [CaseResult]) -> [String] {
        let core = results.filter { isCore($0.tags) }
        var problems: [String] = []
        for heads in ["mha", "gqa"] {
            for (cell, tags) in maskCells {
                if !core.contains(where: { $0.verdict == .pass && $0.tags.contains(heads) && !tags.isDisjoint(with: $0.tags) }) {
                    problems.append("the mandatory core has no PASS f32 \(heads) \(cell) case")
                }
            }
        }
        let notPassed = core.filter { $0.verdict != .pass && !($0.verdict == .notSupported && $0.stackShape == true) }
        if !notPassed.isEmpty {
            problems.append("\(notPassed.count) mandatory core case(s) did not PASS, first \(notPassed[0].id) (\(notPassed[0].verdict.rawValue))")
        }
        // What a kernel must declare to run the core: the distinct reasons of its NOT_SUPPORTED core cases
        // ("feature causal_bottom_right", "element type f32 (supports f16)"), in order of first appearance.
        var needs: [String] = []
        for r in notPassed where r.verdict == .notSupported {
            if let reason = r.reason, !reason.isEmpty, !needs.contains(reason) { needs.append(reason) }
        }
        if !needs.isEmpty {
            let shown = needs.prefix(maxNeedsShown).joined(separator: "; ")
            problems.append("the mandatory core is NOT_SUPPORTED for: \(shown)\(needs.count > maxNeedsShown ? "; and \(needs.count - maxNeedsShown) more" : "")")
        }
        return problems
    }
}

/// Rule 6: a preamble stack may leave out the shapes its layout cannot hold
/// (`CaseResult.stackShape`), but never a feature. Every feature tag
/// (`CaseTags.features(of:)`: element type, head grouping, mask flags, scale,
/// softcap, bias, ALiBi, Dv != D, Sq != Skv) of an excluded case must be
/// carried by at least one PASS case of the run, so the profile must hold
/// shapes each stack can take (`ProfileBuilder.stackCases`). The input
/// distribution is test data, not a feature of the contract, and is not
/// required: zigzag at P = 4 cannot take the S = 19 of the only
/// real-activation (`dist=real`) golden cases. Bare kernels never have
/// excluded cases. The excluded cases' ids are parsed here (results may come
/// back from a file); one whose id does not parse is judged by its tags.
public enum StackCoverage {
    public static func problems(_ results: [CaseResult]) -> [String] {
        let excluded = results.filter { $0.verdict == .notSupported && $0.stackShape == true }
        guard !excluded.isEmpty else { return [] }
        let passed = Set(results.filter { $0.verdict == .pass }.flatMap(\.tags))
        var missing: [String: (count: Int, first: String)] = [:]
        for result in excluded {
            let features = (try? CaseTags.features(of: CaseSpec(parsing: result.id).problem)) ?? result.tags
            for tag in features where !passed.contains(tag) {
                missing[tag, default: (0, result.id)].count += 1
            }
        }
        return missing.keys.sorted().map { tag in
            "feature \(tag) has no PASS case: the stack's shape rules excluded all \(missing[tag]!.count) case(s) with it, first \(missing[tag]!.first)"
        }
    }
}
