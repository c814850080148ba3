import AttestConformance

/// How a verdict is shown: an icon beside its name (never colour alone) and
/// the CSS class that colours it.
enum VerdictStyle {
    static func icon(_ v: Verdict) -> String {
        switch v {
        case .pass: "✔"
        case .notSupported: "⊘"
        case .fail: "✘"
        case .error: "⚠"
        case .timeout: "◔"
        case .crash: "☠"
        case .harnessError: "⚙"
        }
    }

    static func cssClass(_ v: Verdict) -> String { "v-" + v.rawValue.lowercased().replacingOccurrences(of: "_", with: "-") }

    static func icon(_ v: CertificateVerdict) -> String { v == .certified ? "✔" : v == .partial ? "◐" : "✘" }
}
