import AttestCore

extension FuzzProblem {
    /// The input distribution its id records: `large_logits` or `uniform`.
    public var distribution: InputDistribution { largeLogits ? .largeLogits : .uniform }

    /// The typed problem of this fuzz problem, whose call is `args`
    /// (`arguments()`, passed in so a check draws it once).
    public func problemSpec(arguments args: AttentionArguments) -> ProblemSpec {
        ProblemSpec(arguments: args, dtype: dtype, distribution: distribution, seed: Int(seed))
    }

    /// The case `fwd:fuzz:<layout>:…` of this problem. The id names the
    /// features and sizes; the broadcast shapes and the layout's buffers are
    /// not in the grammar, so the problem seed, not the id, replays it.
    public func spec(arguments args: AttentionArguments) -> CaseSpec {
        CaseSpec(.fuzz(layout: layout), problemSpec(arguments: args))
    }
}
