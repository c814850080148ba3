import AttestCore
import AttestReference
import AttestTensor
import Synchronization

/// A kernel that computes the reference under another name, tagged so a test
/// can tell which registration a lookup returned.
struct NamedKernel: AttentionKernel {
    let name: String
    var tag = 0
    var capabilities: KernelCapabilities { .complete }
    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        try ReferenceAttention().forward(args, into: output)
    }
}

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

/// The reference, logging each call.
struct RecordingKernel: AttentionKernel {
    let journal: Journal
    var name: String { "recorder" }
    var capabilities: KernelCapabilities { .complete }
    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        journal.record("core")
        try ReferenceAttention().forward(args, into: output)
    }
}

/// The message of the error `body` throws ("no error" when it does not).
func errorMessage(_ body: () throws -> Void) -> String {
    do { try body(); return "no error" } catch { return "\(error)" }
}

/// B = 2, Sq = 3, Skv = 5, Hq = 4, Hkv = 2, D = 3, Dv = 2 with pseudo-random
/// values (so Dv != D), causal bottom-right, a per-head bias and ALiBi: a call that
/// exercises most of the contract.
func busyArguments(seed: UInt64) -> AttentionArguments {
    var state = seed
    func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) * 0x1p-53 * 2 - 1
    }
    func random(_ shape: [Int]) -> AnyTensor {
        AnyTensor(Tensor<Double>(shape: shape) { _ in next() })
    }
    return AttentionArguments(q: random([2, 3, 4, 3]), k: random([2, 5, 2, 3]), v: random([2, 5, 2, 2]),
                              mask: AttentionMask(causal: .bottomRight), bias: random([1, 4, 3, 5]),
                              alibiSlopes: [0.5, 0.25, 0.125, 0.0625])
}
