import AttestConformance
import AttestCore
import AttestFixtures
import AttestSupervisor
import AttestTensor
import Foundation

/// A kernel that is a command (`attest certify --exec 'COMMAND'`,
/// `docs/external-kernels.md`): its capabilities are what `COMMAND
/// --capabilities` declared, and each `forward` is a batch of one call sent
/// through `ExternalExchange`. `ExternalRunner` batches the calls of many
/// cases instead; this per-call path serves `attest fuzz` and any call a
/// batch did not foresee.
///
/// The kernel's outputs are copied into `output` as stored: o in the call's
/// element type (exact), lse widened exactly to float64 and rounded once
/// into the buffer's element type.
public struct ExternalKernel: AttentionKernel {
    /// `exec:NAME`, NAME from the declaration.
    public let name: String
    public let capabilities: KernelCapabilities
    public let exchange: ExternalExchange

    public var command: ExternalCommand { exchange.command }
    public var declaration: ExternalDeclaration { exchange.declaration }

    public init(exchange: ExternalExchange) {
        self.exchange = exchange
        name = "exec:" + exchange.declaration.name
        capabilities = exchange.declaration.capabilities
    }

    /// Resolves `text`, asks `COMMAND --capabilities` (60 s bound) and checks
    /// the declaration; every problem is an `ExternalKernelError` naming it.
    public static func load(command text: String, folder: ExchangeFolder, batchTimeout: Double?) throws(ExternalKernelError) -> ExternalKernel {
        let command = try ExternalCommand(text)
        let run = CommandRun(command: command.child(["--capabilities"]), timeout: .seconds(60), maxStdoutBytes: 1 << 20)
            .runBlocking()
        let stderr = SupervisedRunner.stderr(run.stderrTail)
        let asked = "\(text) --capabilities"
        switch run.end {
        case .ended(.exit(0)): break
        case let .unstartable(why): throw ExternalKernelError("\(asked): \(why)")
        case let .ended(end): throw ExternalKernelError("\(asked) ended with \(end)" + stderr)
        case let .timedOut(bound): throw ExternalKernelError("\(asked) ran past \(Int(bound)) s and was killed" + stderr)
        }
        guard !run.stdoutTruncated else { throw ExternalKernelError("\(asked) printed more than 1 MiB") }
        guard let json = String(bytes: run.stdout, encoding: .utf8) else { throw ExternalKernelError("\(asked) printed bytes that are not UTF-8") }
        guard !json.allSatisfy(\.isWhitespace) else { throw ExternalKernelError("\(asked) printed nothing" + stderr) }
        let fileName = URL(fileURLWithPath: command.script ?? command.executable).deletingPathExtension().lastPathComponent
        let declaration: ExternalDeclaration
        do { declaration = try ExternalDeclaration(json: json, defaultName: fileName) } catch {
            throw ExternalKernelError("\(asked): \(error)")
        }
        return ExternalKernel(exchange: ExternalExchange(command: command, declaration: declaration, folder: folder,
                                                         batchTimeout: batchTimeout))
    }

    public func forward(_ args: AttentionArguments, into output: AttentionOutput) throws {
        let call = try Self.call(args, output, caseID: "", declaration: declaration)
        try Self.deliver(exchange.run([call])[0], into: output)
    }

    /// The exchange call of one forward; a caller asking lse of a kernel that does not declare it is refused.
    static func call(_ args: AttentionArguments, _ output: AttentionOutput, caseID: String,
                     declaration: ExternalDeclaration) throws -> ExchangeCall {
        if output.lse != nil && declaration.lseType == nil {
            throw AttestError.notSupported(kernel: "exec:" + declaration.name, reason: "feature lse (not declared)")
        }
        return ExchangeCall(caseID: caseID, arguments: args, writesLSE: output.lse != nil)
    }

    /// Copies a call's outputs into the caller's buffers (any strides), or throws its failure.
    static func deliver(_ outcome: CallOutcome, into output: AttentionOutput) throws {
        let answer = try outcome.get()
        output.o.assign(from: answer.o)
        if let lse = output.lse, let given = answer.lse { lse.assign(from: given) }
    }
}
