import AttestConformance

extension CertificationRun {
    /// The exit code of `attest certify` and `attest merge` for this run:
    /// 0 certified (or a partial run with no blocking case), 1 not certified
    /// (or a partial run with one), 2 invalid.
    var exitCode: Int32 {
        switch verdict {
        case .certified: 0
        case .notCertified: 1
        case .invalid: 2
        case .partial: blocking.isEmpty ? 0 : 1
        }
    }
}
