import AttestCore
import AttestTensor

/// What a response group says about one call (`docs/external-kernels.md` §4, §6).
public enum ExchangeAnswer: Sendable {
    /// `o` in the call's element type, and `lse` widened to float64 when it was asked for.
    case output(o: AnyTensor, lse: Tensor<Double>?)
    /// The group's `not_supported` reason.
    case declined(String)
    /// The group's `error` message.
    case failed(String)
    /// A missing or malformed group, a dataset of the wrong element type or unreadable (ERROR).
    case malformed(String)
    /// `o` or `lse` of the wrong shape (FAIL).
    case wrongShape(String)
}

/// The shapes and element types a call's answer must have.
public struct ExchangeExpectation: Sendable {
    public var dims: AttentionDims
    public var dtype: DType
    /// The element type of `lse` (float64 or float32), nil when no `lse` is asked for.
    public var lseType: DType?

    public init(dims: AttentionDims, dtype: DType, lseType: DType?) {
        self.dims = dims
        self.dtype = dtype
        self.lseType = lseType
    }
}

/// The response file, read as untrusted input through the hardened HDF5
/// layer: each dataset's element type and shape are checked against the
/// call's expectation before a byte of it is read, and the reader's caps
/// (`HDF5Limits`) bound everything else. The whole read runs under
/// `HDF5Library.serialized`, so every handle is opened and closed inside it.
public enum ExchangeResponse {
    /// The answer of each group of `calls` (group name and expectation), in
    /// order; a file that cannot be opened at all is an `ExchangeFileError`
    /// naming what is wrong (missing, not a regular file, not HDF5).
    public static func read(_ path: String, calls: [(group: String, expecting: ExchangeExpectation)])
        -> Result<[ExchangeAnswer], ExchangeFileError> {
        switch FileSystemEntry(path: path) {
        case .missing: return .failure(ExchangeFileError(message: "the kernel wrote no response file"))
        case let .regularFile(bytes) where bytes == 0: return .failure(ExchangeFileError(message: "the response file is empty"))
        default: break
        }
        return HDF5Library.serialized { () -> Result<[ExchangeAnswer], ExchangeFileError> in
            let root: HDF5Group
            do throws(HDF5Error) { root = try HDF5File.open(path).root() } catch {
                return .failure(ExchangeFileError(message: "the response file cannot be read as HDF5: \(error.function) failed: "
                    + error.stack.split(separator: "\n").prefix(3).joined(separator: "; ")))
            }
            return .success(calls.map { call in
                do throws(HDF5Error) { return try answer(root, call.group, call.expecting) } catch {
                    return .malformed("response group /\(call.group): \(error.function) failed for '\(error.object)': "
                        + error.stack.split(separator: "\n").prefix(3).joined(separator: "; "))
                }
            })
        }
    }

    private static func answer(_ root: HDF5Group, _ name: String, _ e: ExchangeExpectation) throws(HDF5Error) -> ExchangeAnswer {
        guard try root.contains(name), try root.kind(of: name) == .group else {
            return .malformed("the response has no group /\(name)")
        }
        let g = try root.group(name)
        let members = try g.memberNames()
        let declined = try g.hasAttribute("not_supported"), failed = try g.hasAttribute("error")
        if declined || failed {
            guard !(declined && failed), members.isEmpty else {
                return .malformed("response group /\(name) must hold exactly one of o, not_supported or error")
            }
            let text = try g.readStringAttribute(declined ? "not_supported" : "error")
            guard !text.allSatisfy(\.isWhitespace) else {
                return .malformed("response group /\(name): attribute \(declined ? "not_supported" : "error") is empty")
            }
            return declined ? .declined(text) : .failed(text)
        }
        let wanted = e.lseType == nil ? ["o"] : ["lse", "o"]
        for m in members where !wanted.contains(m) {
            return .malformed("response group /\(name) holds '\(m)', which is not one of \(wanted.joined(separator: ", "))")
        }
        for m in wanted where !members.contains(m) {
            return .malformed("response group /\(name) has no dataset '\(m)'")
        }
        let d = e.dims
        let o: AnyTensor
        switch try dataset(g, name, "o", e.dtype, [d.batch, d.queryLength, d.queryHeads, d.valueDim]) {
        case let .failure(failure): return failure.answer
        case let .success(t): o = t
        }
        guard let lseType = e.lseType else { return .output(o: o, lse: nil) }
        switch try dataset(g, name, "lse", lseType, [d.batch, d.queryHeads, d.queryLength]) {
        case let .failure(failure): return failure.answer
        case let .success(t): return .output(o: o, lse: t.widened())
        }
    }

    private static func dataset(_ g: HDF5Group, _ group: String, _ name: String, _ dtype: DType, _ shape: [Int])
        throws(HDF5Error) -> Result<AnyTensor, ExchangeAnswerError> {
        guard try g.kind(of: name) == .dataset else {
            return .failure(ExchangeAnswerError(.malformed("/\(group)/\(name) is not a dataset")))
        }
        let ds = try g.dataset(name)
        let stored = try ds.elementType()
        guard stored == HDF5ElementType(dtype) else {
            return .failure(ExchangeAnswerError(.malformed("/\(group)/\(name) holds \(stored), expected \(HDF5ElementType(dtype))")))
        }
        let found = try ds.shape()
        guard found == shape else {
            return .failure(ExchangeAnswerError(.wrongShape("/\(group)/\(name) has shape \(found), expected \(shape)")))
        }
        let bytes = try ds.readRawBytes()
        switch dtype {
        case .float64: return .success(.float64(Tensor(shape: shape, elements: decode(bytes))))
        case .float32: return .success(.float32(Tensor(shape: shape, elements: decode(bytes))))
        case .float16: return .success(.float16(Tensor(shape: shape, elements: decode(bytes))))
        case .bfloat16: return .success(.bfloat16(Tensor(shape: shape, elements: decode(bytes))))
        }
    }
}

/// An answer that ends the reading of a group early.
struct ExchangeAnswerError: Error {
    var answer: ExchangeAnswer
    init(_ answer: ExchangeAnswer) { self.answer = answer }
}

/// A response file that cannot be read at all.
public struct ExchangeFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
