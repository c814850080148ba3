// swift-tools-version: 6.1
// The libFuzzer target for Attest's HDF5 reading layer (docs/reliability.md).
// A package of its own because it has no `main` (libFuzzer supplies it) and so
// only links with `--sanitize=fuzzer`; `make fuzz-hdf5` builds and runs it.
import PackageDescription

let package = Package(
    name: "AttestFuzzHDF5",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Attest", path: "../..")],
    targets: [
        .executableTarget(name: "fuzz-hdf5", dependencies: [.product(name: "AttestFixtures", package: "Attest")]),
    ]
)
