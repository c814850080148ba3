import AttestCore
import AttestReference
import AttestTensor
import AttestTestSupport
import Synchronization

/// An append-only log shared by the recording preambles and kernel of one test.
final class Journal: Sendable {
    private let lines = Mutex<[String]>([])
    func record(_ line: String) { lines.withLock { $0.append(line) } }
    var entries: [String] { lines.withLock { $0 } }
}

/// A preamble that logs when the call enters and leaves it, then defers to its core.
struct RecordingPreamble: AttentionPreamble {
    let tag: String
    let journal: Journal
    var name: String { "record" }
    var parameters: [String: String] { ["tag": tag] }
    func capabilities(over core: KernelCapabilities) -> KernelCapabilities { core }
    func support(for args: AttentionArguments, core: any AttentionKernel) -> Support { core.support(for: args) }
    func forward(_ args: AttentionArguments, into output: AttentionOutput, core: any AttentionKernel) throws {
        journal.record("enter \(tag)")
        try core.forward(args, into: output)
        journal.record("leave \(tag)")
    }

    static func factory(_ journal: Journal) -> PreambleFactory {
        PreambleFactory(name: "record", summary: "logs entry and exit", parameters: [PreambleParameter("tag", "the log label")]) {
            RecordingPreamble(tag: $0["tag"]!, journal: journal)
        }
    }
}

/// The reference, logging each call as `core`.
func recordingKernel(_ journal: Journal) -> FakeKernel {
    FakeKernel(name: "recorder", edit: { args in
        journal.record("core")
        return args
    })
}

/// The message of the error `body` throws ("no error" when it does not).
func errorMessage(_ body: () throws -> Void) -> String {
    do { try body(); return "no error" } catch { return "\(error)" }
}

/// B = 2, Sq = 3, Skv = 5, Hq = 4, Hkv = 2, D = 3, Dv = 2 with pseudo-random
/// values (so Dv != D), causal bottom-right, a per-head bias and ALiBi: a call that
/// exercises most of the contract.
func busyArguments(seed: UInt64) -> AttentionArguments {
    var rng = SeededGenerator(seed: seed)
    var args = AttentionArguments.random(AttentionDims(batch: 2, queryLength: 3, keyLength: 5, queryHeads: 4, keyValueHeads: 2,
                                                       headDim: 3, valueDim: 2), using: &rng)
    args.mask = AttentionMask(causal: .bottomRight)
    args.bias = rng.uniform([1, 4, 3, 5], .float64)
    args.alibiSlopes = [0.5, 0.25, 0.125, 0.0625]
    return args
}
