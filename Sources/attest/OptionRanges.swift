import AttestParallel

/// The ranges of the numeric options that have no home in a library type,
/// checked in each command's `validate()` (exit 2 with the option and the
/// value). Seeds are `RunSelection.seeds`, shards `Shard`, preamble `world`
/// and `timeout` the preamble's own parameters, problem sizes
/// `AttentionDims.maxElements` (`docs/reliability.md`).
enum OptionRanges {
    /// `attest certify --jobs`: each job is an OS thread.
    static let jobs = 1 ... 256
    /// `attest fuzz --seconds`: more than 0, at most one week (finite, so a
    /// deadline can be computed).
    static let maxFuzzSeconds = 604_800.0
    /// `attest bench-stacks --repeats`.
    static let repeats = 1 ... 1000
    /// `attest bench-stacks --world` and each `--usp` factor: the preambles' own limit.
    static let maxWorld = SimulatedProcessGroup.maxWorld
    /// `--batch-size` of an `--exec` kernel: cases per batch.
    static let batchSize = 1 ... 4096
    /// `--batch-timeout` of an `--exec` kernel: at most one day.
    static let maxBatchTimeout = 86_400.0
}
