import CHDF5

/// A failed HDF5 call: which function failed, on which file and object, and
/// the text of HDF5's error stack for that call (innermost frame last).
///
/// HDF5's automatic printing of the error stack to stderr is switched off
/// before every call (`H5Eset_auto2` is per thread); the stack is read with
/// `H5Ewalk2` into `stack` instead.
public struct HDF5Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HDF5 function (or wrapper operation) that failed, e.g. `H5Fopen`.
    public var function: String
    /// The file the call was about.
    public var file: String
    /// The object path inside the file (`/` for the file itself).
    public var object: String
    /// HDF5's error stack, one frame per line (`H5F_open(): unable to open file ...`),
    /// or the wrapper's own explanation when the failure was detected in Swift.
    public var stack: String

    public init(function: String, file: String, object: String, stack: String) {
        self.function = function
        self.file = file
        self.object = object
        self.stack = stack
    }

    public var description: String {
        "\(function) failed for '\(object)' in \(file): \(stack.isEmpty ? "(HDF5 left no error stack)" : stack)"
    }

    /// `stack` on one line, frames joined by "; " (a status line of `attest fixtures verify` is one line).
    public var stackLine: String { stack.split(separator: "\n").joined(separator: "; ") }
}

/// Where an HDF5 call happens, for error messages.
struct HDF5Site: Sendable {
    var file: String
    var object: String

    func child(_ name: String) -> HDF5Site {
        HDF5Site(file: file, object: object == "/" ? "/" + name : object + "/" + name)
    }

    /// Runs one HDF5 call with automatic error printing off for this thread and
    /// checks its status: a negative result (`herr_t`, `hid_t`, `htri_t`,
    /// `ssize_t`) throws an `HDF5Error` naming `function`, this site and the
    /// text of HDF5's error stack. Every HDF5 status goes through here.
    @discardableResult
    func check<R: BinaryInteger>(_ function: String, _ body: () -> R) throws(HDF5Error) -> R {
        HDF5Library.silence()
        let result = body()
        guard result >= 0 else {
            throw HDF5Error(function: function, file: file, object: object, stack: HDF5Library.errorStackText())
        }
        return result
    }

    /// An error found by the wrapper itself (not reported by HDF5).
    func failure(_ function: String, _ reason: String) -> HDF5Error {
        HDF5Error(function: function, file: file, object: object, stack: reason)
    }
}

/// Library-wide helpers: the per-thread error-printing switch and the error stack.
public enum HDF5Library {
    /// Switches HDF5's automatic error printing off for the calling thread
    /// (the setting is per thread in a thread-safe build).
    static func silence() {
        _ = H5Eset_auto2(attest_H5E_DEFAULT(), nil, nil)
    }

    /// The current thread's error stack, outermost call first, one line each.
    static func errorStackText() -> String {
        final class Lines { var lines: [String] = [] }
        let box = Lines()
        let context = Unmanaged.passUnretained(box).toOpaque()
        _ = H5Ewalk2(attest_H5E_DEFAULT(), H5E_WALK_DOWNWARD, { _, entry, data in
            guard let entry, let data else { return 0 }
            let lines = Unmanaged<Lines>.fromOpaque(data).takeUnretainedValue()
            let function = entry.pointee.func_name.map { String(cString: $0) } ?? "?"
            let text = entry.pointee.desc.map { String(cString: $0) } ?? ""
            lines.lines.append("\(function)(): \(text)")
            return 0
        }, context)
        withExtendedLifetime(box) {}
        _ = H5Eclear2(attest_H5E_DEFAULT())
        return box.lines.joined(separator: "\n")
    }

    /// The linked library's version, e.g. "1.10.8".
    public static var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        silence()
        attest_H5_version(&major, &minor, &release)
        return "\(major).\(minor).\(release)"
    }
}
