// swift-tools-version: 6.1
// Attest: a reference-and-conformance suite for attention kernels.
// Module layout (one concern each; C only behind CHDF5 and CBLAS):
//   AttestTensor      element types and the strided Tensor
//   AttestCore        the attention problem, kernel/preamble protocols, capabilities, registries
//   AttestReference   the float64 reference attention and the MHA module (the executable specification)
//   AttestKernels     shipped kernels (BLAS-backed, tiled online softmax)
//   AttestParallel    simulated process groups, Ulysses and ring preambles
//   AttestFixtures    the HDF5 wrapper and the golden fixture schema
//   AttestCatalog     every shipped kernel and preamble, composed into registries
//   AttestConformance cases, profiles, tolerance policy, properties, runner, the run model, mutants
//   AttestReport      renderers of the run model (certificate.json, results.jsonl, index.html, junit.xml, terminal text), verify, merge
//   AttestSupervisor  supervised execution: cases in worker processes, CRASH and TIMEOUT (swift-subprocess)
//   AttestExternal    external kernels (`attest certify --exec`): the command, its declaration, batched exchanges
//   attest            the command-line tool (composition root)
//   AttestTestSupport (under Tests/) what the test targets share: fake kernels, random problems, expectations
import PackageDescription

let package = Package(
    name: "Attest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "attest", targets: ["attest"]),
        .library(name: "Attest", targets: ["AttestTensor", "AttestCore", "AttestReference", "AttestConformance", "AttestReport"]),
        // The HDF5 reading layer alone, for the libFuzzer target in tools/fuzz-hdf5.
        .library(name: "AttestFixtures", targets: ["AttestFixtures"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        .target(name: "AttestTensor"),
        .target(name: "AttestCore", dependencies: ["AttestTensor"]),
        .target(name: "AttestReference", dependencies: ["AttestCore", "AttestTensor"]),
        .target(name: "AttestKernels", dependencies: ["AttestCore", "AttestTensor", "CBLAS"]),
        .target(name: "AttestParallel", dependencies: ["AttestCore", "AttestTensor"]),
        .target(name: "AttestFixtures", dependencies: [
            "AttestCore", "AttestTensor", "CHDF5",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "AttestCatalog", dependencies: ["AttestCore", "AttestReference", "AttestKernels", "AttestParallel"]),
        .target(name: "AttestConformance", dependencies: [
            "AttestCore", "AttestTensor", "AttestReference", "AttestKernels", "AttestParallel", "AttestFixtures",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "AttestReport", dependencies: [
            "AttestConformance", "AttestCore", "AttestTensor",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "AttestSupervisor", dependencies: [
            "AttestConformance", "AttestCore", "AttestFixtures", "AttestReport",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
        ]),
        .target(name: "AttestExternal", dependencies: [
            "AttestConformance", "AttestCore", "AttestTensor", "AttestFixtures", "AttestSupervisor",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "attest", dependencies: [
            "AttestCatalog", "AttestCore", "AttestTensor", "AttestKernels",
            "AttestParallel", "AttestFixtures", "AttestConformance", "AttestReport",
            "AttestSupervisor", "AttestExternal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // A rough release-mode timing of the float32 kernels (docs/kernels.md); `make bench` gives the official table.
        .executableTarget(name: "flash-timing", dependencies: ["AttestCore", "AttestKernels", "AttestTensor"],
                          path: "tools/flash-timing"),

        // What the test targets share (fake kernels, random problems, expectations judged by the tolerance policy).
        .target(name: "AttestTestSupport", dependencies: [
            "AttestConformance", "AttestCore", "AttestTensor", "AttestReference",
        ], path: "Tests/AttestTestSupport"),

        .testTarget(name: "CHDF5Tests", dependencies: ["CHDF5"]),
        .testTarget(name: "CBLASTests", dependencies: ["CBLAS"]),
        .testTarget(name: "AttestTensorTests", dependencies: ["AttestTensor"]),
        .testTarget(name: "AttestCoreTests", dependencies: ["AttestTestSupport", "AttestCore", "AttestTensor", "AttestReference", "AttestCatalog"]),
        .testTarget(name: "AttestReferenceTests", dependencies: ["AttestTestSupport", "AttestCore", "AttestTensor", "AttestReference"]),
        .testTarget(name: "AttestKernelsTests", dependencies: ["AttestTestSupport", "AttestKernels", "AttestCore", "AttestTensor", "AttestReference"]),
        .testTarget(name: "AttestParallelTests", dependencies: ["AttestTestSupport", "AttestParallel", "AttestCore", "AttestTensor", "AttestReference"]),
        .testTarget(name: "AttestFixturesTests", dependencies: ["AttestTestSupport", "AttestFixtures", "AttestCore", "AttestTensor", "AttestReference", "CHDF5"],
                    resources: [.copy("Data")]),
        .testTarget(name: "AttestConformanceTests", dependencies: [
            "AttestTestSupport", "AttestConformance", "AttestReport", "AttestCatalog", "AttestCore", "AttestTensor", "AttestReference",
            "AttestParallel", "AttestFixtures", "AttestKernels",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "AttestSupervisorTests", dependencies: ["AttestSupervisor", "AttestFixtures"]),
        .testTarget(name: "AttestReportTests", dependencies: [
            "AttestReport", "AttestConformance", "AttestCore",
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        ], exclude: ["__Snapshots__"]),
        .testTarget(name: "AttestCLITests", dependencies: [
            "AttestTestSupport", "attest", "AttestCatalog", "AttestCore",
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["__Snapshots__"]),
        .testTarget(name: "AttestExternalTests", dependencies: [
            "AttestTestSupport", "AttestExternal", "AttestFixtures", "AttestConformance", "AttestCore", "AttestTensor",
        ]),
    ]
)
