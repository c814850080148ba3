import Foundation

/// What a path names, as far as opening it for reading goes: only regular
/// files are ever handed to libhdf5, because opening a FIFO blocks until a
/// writer appears, a device can be endless, and a directory or a symbolic
/// link loop is no file at all. Symbolic links are followed (`stat`).
public enum FileSystemEntry: Sendable, Equatable {
    case regularFile(bytes: Int)
    case directory
    case missing
    /// Anything else, with what it is: "a FIFO (named pipe)", "a character device",
    /// "a symbolic link loop", ...
    case other(String)

    public init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: self = .missing
            case ELOOP: self = .other("a symbolic link loop (too many levels of symbolic links)")
            default: self = .other("a path that cannot be examined (\(String(cString: strerror(errno))))")
            }
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regularFile(bytes: Int(info.st_size))
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .other("a FIFO (named pipe)")
        case S_IFCHR: self = .other("a character device")
        case S_IFBLK: self = .other("a block device")
        case S_IFSOCK: self = .other("a socket")
        default: self = .other("a file of unknown kind (mode \(String(info.st_mode, radix: 8)))")
        }
    }

    /// Why `path` cannot be opened as a file (nil for a regular file).
    public var problem: String? {
        switch self {
        case .regularFile: nil
        case .directory: "is a directory, not a regular file"
        case .missing: "no such file"
        case let .other(what): "is \(what), not a regular file"
        }
    }
}
