import AttestConformance
import AttestCore
import AttestFixtures
import AttestTensor
import Synchronization

/// The stand-in core of a batch's first pass (`docs/external-kernels.md` §5):
/// the external kernel's name and capabilities, outputs of zeros, and a
/// record of every call it receives (from any thread: a preamble's ranks).
final class CallRecorder: AttentionKernel {
    let name: String
    let capabilities: KernelCapabilities
    private let declaration: ExternalDeclaration
    private let state = Mutex<(caseID: String, calls: [ExchangeCall])>(("", []))

    init(_ kernel: ExternalKernel) {
        name = kernel.name
        capabilities = kernel.capabilities
        declaration = kernel.declaration
    }

    /// The case whose calls are recorded next.
    func begin(_ caseID: String) { state.withLock { $0.caseID = caseID } }

    var calls: [ExchangeCall] { state.withLock { $0.calls } }

    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        let caseID = state.withLock { $0.caseID }
        let call = try ExternalKernel.call(args, output, caseID: caseID, declaration: declaration)
        state.withLock { $0.calls.append(call) }
        output.o.assign(from: Tensor<Double>(shape: output.o.shape, repeating: 0))
        if let lse = output.lse { lse.assign(from: Tensor<Double>(shape: lse.shape, repeating: 0)) }
    }
}

/// The core of a batch's second pass: serves each call from the batch's
/// outcomes, matched by the call's fingerprint (identical calls in request
/// order), and sends a call nobody recorded on its own through the external
/// kernel.
final class CallReplayer: AttentionKernel {
    let name: String
    let capabilities: KernelCapabilities
    private let kernel: ExternalKernel
    private let state: Mutex<(caseID: String, answers: [String: [CallOutcome]])>

    init(_ kernel: ExternalKernel, calls: [ExchangeCall], outcomes: [CallOutcome]) {
        precondition(calls.count == outcomes.count, "one outcome per call: \(calls.count) calls, \(outcomes.count) outcomes")
        name = kernel.name
        capabilities = kernel.capabilities
        self.kernel = kernel
        var answers: [String: [CallOutcome]] = [:]
        for (call, outcome) in zip(calls, outcomes) { answers[call.fingerprint, default: []].append(outcome) }
        state = Mutex(("", answers))
    }

    /// The case whose calls are served next.
    func begin(_ caseID: String) { state.withLock { $0.caseID = caseID } }

    func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        let caseID = state.withLock { $0.caseID }
        let call = try ExternalKernel.call(args, output, caseID: caseID, declaration: kernel.declaration)
        let served: CallOutcome? = state.withLock { s in
            guard var queue = s.answers[call.fingerprint], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            s.answers[call.fingerprint] = queue
            return first
        }
        try ExternalKernel.deliver(served ?? kernel.exchange.run([call])[0], into: output)
    }
}
