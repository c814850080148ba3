import ArgumentParser
import AttestConformance
import AttestCore
import AttestExternal
import Foundation

/// The options of an external kernel (`docs/external-kernels.md` §1), shared
/// by `attest certify` and `attest fuzz`.
struct ExecOptions: ParsableArguments {
    @Option(name: .customLong("exec"), help: "Certify a kernel that is a command: COMMAND --capabilities, then COMMAND REQUEST.h5 RESPONSE.h5 per batch (docs/external-kernels.md).")
    var command: String?

    @Option(help: "Cases per batch of an --exec kernel (1 ... 4096).")
    var batchSize: Int = ExternalRunner.defaultBatchSize

    @Option(help: "Seconds one run of an --exec kernel may take (default: 30 + 2 per call in the batch).")
    var batchTimeout: Double?

    @Flag(help: "Keep the exchange files of an --exec kernel (the folder is printed).")
    var keepExchange = false

    func validate() throws {
        guard OptionRanges.batchSize.contains(batchSize) else {
            throw ValidationError("--batch-size must be in \(OptionRanges.batchSize.lowerBound) ... \(OptionRanges.batchSize.upperBound), got \(batchSize)")
        }
        if let batchTimeout {
            guard batchTimeout.isFinite, batchTimeout > 0, batchTimeout <= OptionRanges.maxBatchTimeout else {
                throw ValidationError("--batch-timeout must be a number of seconds in (0, \(Int(OptionRanges.maxBatchTimeout))], got \(batchTimeout)")
            }
        }
        if command == nil && (batchSize != ExternalRunner.defaultBatchSize || batchTimeout != nil || keepExchange) {
            throw ValidationError("--batch-size, --batch-timeout and --keep-exchange apply to --exec only")
        }
    }

    /// The external kernel: its command resolved and its capabilities read; any problem is a usage error (exit 2).
    func load() throws -> (kernel: ExternalKernel, folder: ExchangeFolder)? {
        guard let command else { return nil }
        do {
            let folder = try ExchangeFolder(keep: keepExchange)
            do { return (try ExternalKernel.load(command: command, folder: folder, batchTimeout: batchTimeout), folder) } catch {
                folder.finish()
                throw error
            }
        } catch let e as ExternalKernelError {
            throw ValidationError(e.description)
        }
    }

    /// The options as `run.command` spells them (defaults left out).
    var canonicalWords: [String] {
        guard let command else { return [] }
        var words = ["--exec", command]
        if batchSize != ExternalRunner.defaultBatchSize { words += ["--batch-size", "\(batchSize)"] }
        if let batchTimeout { words += ["--batch-timeout", "\(batchTimeout)"] }
        if keepExchange { words.append("--keep-exchange") }
        return words
    }

    /// What the record of an external kernel holds for the certificate.
    func record(_ kernel: ExternalKernel) -> ExternalKernelRecord {
        let c = kernel.command, d = kernel.declaration
        return ExternalKernelRecord(
            command: c.text, executable: c.executable, executableSHA256: c.executableSHA256, script: c.script,
            scriptSHA256: c.scriptSHA256, protocolVersion: d.protocolVersion, declaredCapabilities: d.json,
            lseDType: d.lseType?.shortName, kitName: d.kitName, kitVersion: d.kitVersion, batchSize: batchSize,
            batchTimeout: batchTimeout)
    }
}

extension ExecOptions {
    /// The stack of `configuration` around any core: the runner builds it on its stand-in cores.
    static func stackBuilder(_ configuration: AttentionConfiguration, preambles: PreambleRegistry)
        -> @Sendable (any AttentionKernel) throws -> any AttentionKernel {
        { core in try configuration.resolve(kernels: KernelRegistry([core]), preambles: preambles) }
    }
}
