import AttestCore

/// How long one supervised case may run: `--case-timeout` (the base bound,
/// 60 s by default) for every small case, scaled with the case's size above
/// that, so a hang is still caught on the small cases while a `large` case
/// (up to about 2^37 FLOPs, or 2^27 elements) gets the time its golden,
/// baseline and kernel need: one base bound per `flopsPerBase` visible FLOPs
/// plus one per `elementsPerBase` elements of q, k, v and o.
///
/// The size is `visibleFlops`: the attention FLOPs (`AttentionDims.flops`) of
/// the (query, key) pairs the causal mask and the window leave visible. Padding, packed sequences,
/// boolean masks and biases only hide more keys, so this bounds the work of
/// any kernel that skips hidden keys and of the blocked golden and baseline,
/// which do (`RowBounds`). One base bound per 2^33 FLOPs asks for 0.14
/// GFLOP/s of golden, baseline and kernel together; the blocked baseline alone
/// runs at 2 to 6 GFLOP/s on the 2-core machine (`README.md`, "Benchmark").
/// The elements term is for the passes over every element that do not
/// depend on the mask: drawing the inputs, widening and packing them for the
/// golden, the baseline and the kernel. The decode case of `large` against
/// 131,072 keys (2^27 elements, 2^31 FLOPs) took 50 s on a quiet machine, 0.4
/// µs an element; one base bound per 2^25 elements allows 1.8 µs.
public enum CaseTimeBound {
    /// The FLOPs one base bound covers: 2^33.
    public static let flopsPerBase = Double(1 << 33)
    /// The elements of q, k, v and o (and a bias or mask plane) one base bound covers: 2^25.
    public static let elementsPerBase = Double(1 << 25)

    /// The bound of case `spec`: `base · max(1, visibleFlops / flopsPerBase + elements / elementsPerBase)`.
    public static func bound(_ spec: CaseSpec, base: Duration) -> Duration {
        base * max(1, visibleFlops(spec.problem) / flopsPerBase + elements(spec.problem) / elementsPerBase)
    }

    /// The elements of q, k, v, o and, with a bias or boolean mask, the score plane.
    public static func elements(_ problem: ProblemSpec) -> Double {
        Double(problem.dims.problemElements(scorePlane: problem.bias || problem.mask.contains(.booleanMask)) ?? Int.max)
    }

    /// `AttentionDims.flops` over the share of (query, key) pairs the causal
    /// mask and the window of `problem` leave visible (all when it has neither).
    public static func visibleFlops(_ problem: ProblemSpec) -> Double {
        let d = problem.dims
        var mask = AttentionMask()
        if problem.mask.contains(.causalTopLeft) { mask.causal = .topLeft }
        if problem.mask.contains(.causalBottomRight) { mask.causal = .bottomRight }
        if problem.hasWindow { mask.window = SlidingWindow(left: problem.windowLeft, right: problem.windowRight) }
        guard mask.causal != nil || mask.window != nil else { return d.flops }
        var pairs = 0.0
        for i in 0 ..< d.queryLength {
            let row = RowBounds(mask: mask, batch: 0, query: i, dims: d)
            pairs += Double(max(0, row.hi - row.lo))
        }
        return d.flops / (Double(d.queryLength) * Double(d.keyLength)) * pairs
    }
}
