import AttestCore
import AttestParallel

/// The preamble half of the mutant zoo: Ulysses and ring preambles with one
/// deliberate sequence-parallel bug each (`PreambleMutation`), registered as
/// `mutant/ulysses-<bug>` and `mutant/ring-<bug>` with the parameters of the
/// preamble they break. `attest certify --kernel reference --preamble
/// mutant/ulysses-a2a-order:world=4` must not certify; the tests in
/// `StackCertificationTests` hold the suite to that.
public enum PreambleMutants {
    /// Every mutant preamble factory, in a fixed order.
    public static var factories: [PreambleFactory] { PreambleMutation.factories }

    /// Registers every mutant preamble in `registry` (the `attest` tool does
    /// this; `attest list` shows them only with `--mutants`).
    public static func register(in registry: PreambleRegistry) throws {
        for factory in factories { try registry.register(factory) }
    }
}
