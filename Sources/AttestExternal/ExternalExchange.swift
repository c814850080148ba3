import AttestConformance
import AttestCore
import AttestFixtures
import AttestSupervisor
import AttestTensor
import Foundation

/// What an external kernel gave for one call: its outputs, or a failure with
/// its verdict (`docs/external-kernels.md` §6).
public typealias CallOutcome = Result<ExchangedOutput, KernelCallFailure>

/// The outputs of one call as the response held them: `o` in the call's
/// element type, `lse` widened exactly to float64 (nil when not asked for).
public struct ExchangedOutput: Sendable {
    public var o: AnyTensor
    public var lse: Tensor<Double>?
}

/// Sends calls to the external command, a batch per run of
/// `COMMAND REQUEST.h5 RESPONSE.h5`, and maps what happened to each call's
/// outcome. A batch of several calls that ends by a signal, a timeout, a
/// non-zero exit or an unreadable response file is run again call by call, so
/// the verdict lands on the call that caused it.
public struct ExternalExchange: Sendable {
    public var command: ExternalCommand
    public var declaration: ExternalDeclaration
    public var folder: ExchangeFolder
    /// The time bound of every run in seconds; nil: `defaultTimeout(calls:)`.
    public var batchTimeout: Double?

    public init(command: ExternalCommand, declaration: ExternalDeclaration, folder: ExchangeFolder, batchTimeout: Double?) {
        self.command = command
        self.declaration = declaration
        self.folder = folder
        self.batchTimeout = batchTimeout
    }

    /// The default time bound of a run of `calls` calls: 30 s + 2 s per call.
    public static func defaultTimeout(calls: Int) -> Double { 30 + 2 * Double(calls) }

    /// One outcome per call, in order.
    public func run(_ calls: [ExchangeCall]) -> [CallOutcome] {
        guard !calls.isEmpty else { return [] }
        switch runOnce(calls) {
        case let .answered(outcomes): return outcomes
        case let .batchFailed(failure):
            return calls.count == 1 ? [.failure(failure)] : calls.flatMap { run([$0]) }
        }
    }

    private enum BatchEnd {
        case answered([CallOutcome])
        case batchFailed(KernelCallFailure)
    }

    private func runOnce(_ calls: [ExchangeCall]) -> BatchEnd {
        let batch: URL
        do { batch = try folder.nextBatch() } catch {
            return .batchFailed(KernelCallFailure(verdict: .harnessError, reason: error.description))
        }
        defer { folder.done(with: batch) }
        let request = batch.appendingPathComponent("request.h5").path
        let response = batch.appendingPathComponent("response.h5").path
        do { try ExchangeRequest.write(calls, to: request) } catch {
            return .batchFailed(KernelCallFailure(verdict: .harnessError, reason: "cannot write the request file \(request): \(error.stack)"))
        }
        let seconds = batchTimeout ?? Self.defaultTimeout(calls: calls.count)
        let run = CommandRun(command: command.child([request, response]), timeout: .milliseconds(Int64((seconds * 1000).rounded())))
            .runBlocking()
        let what = "the kernel command (a batch of \(calls.count) call\(calls.count == 1 ? "" : "s"))"
        let stderr = SupervisedRunner.stderr(run.stderrTail)
        switch run.end {
        case let .unstartable(why):
            return .batchFailed(KernelCallFailure(verdict: .error, reason: "\(what) could not be started: \(why)"))
        case let .timedOut(bound):
            return .batchFailed(KernelCallFailure(
                verdict: .timeout, reason: String(format: "%@ ran past its time bound of %.3g s; its process group was killed", what, bound) + stderr))
        case let .ended(.signal(n)):
            return .batchFailed(KernelCallFailure(verdict: .crash, reason: "\(what) was killed by \(ChildEnd.signal(n))" + stderr))
        case let .ended(.exit(code)) where code != 0:
            return .batchFailed(KernelCallFailure(verdict: .error, reason: "\(what) ended with exit status \(code)" + stderr))
        case .ended:
            break
        }
        let expectations = calls.enumerated().map { index, call in
            (group: ExchangeRequest.groupName(index), expecting: ExchangeExpectation(
                dims: call.arguments.dims, dtype: call.arguments.dtype, lseType: call.writesLSE ? declaration.lseType : nil))
        }
        switch ExchangeResponse.read(response, calls: expectations) {
        case let .failure(problem):
            return .batchFailed(KernelCallFailure(verdict: .error, reason: "\(what) exited 0 but \(problem.message)" + stderr))
        case let .success(answers):
            return .answered(answers.map { answer in
                switch answer {
                case let .output(o, lse): .success(ExchangedOutput(o: o, lse: lse))
                case let .declined(why): .failure(KernelCallFailure(verdict: .notSupported, reason: "the kernel declined: \(why)"))
                case let .failed(message): .failure(KernelCallFailure(verdict: .error, reason: "the kernel reported an error: \(message)"))
                case let .malformed(why): .failure(KernelCallFailure(verdict: .error, reason: "malformed response: \(why)"))
                case let .wrongShape(why): .failure(KernelCallFailure(verdict: .fail, reason: "wrong output shape: \(why)"))
                }
            })
        }
    }
}
