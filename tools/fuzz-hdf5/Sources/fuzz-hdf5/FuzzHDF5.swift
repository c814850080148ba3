import AttestFixtures
import Foundation

/// libFuzzer's entry point: the input is written to a file in `/dev/shm` (the
/// reading layer opens only regular files by path) and read the way
/// `attest fixtures verify` and the conformance runner read fixtures: open and
/// check the root, `verify()`, then every case's attributes and `load` on its
/// own, so cases after the first bad one are read too. Every outcome is either
/// a value or a thrown `FixtureError`; a crash, a trap, a leak or an
/// out-of-memory is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHDF5(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = "/dev/shm/attest-fuzz-hdf5-\(getpid()).h5"
    let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
    guard fd >= 0 else { fatalError("cannot create \(path)") }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        guard n > 0 else { fatalError("cannot write \(path)") }
        written += n
    }
    close(fd)
    defer { unlink(path) }
    guard let file = try? FixtureFile(path: path) else { return 0 }
    _ = try? file.verify()
    for name in (try? file.caseGroups()) ?? [] {
        guard let fixture = try? file.fixtureCase(name) else { continue }
        _ = try? file.load(fixture)
    }
    return 0
}
