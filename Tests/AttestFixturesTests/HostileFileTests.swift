import AttestFixtures
import CHDF5
import Foundation
import Testing

/// Hostile files and paths: each ends in a `FixtureError` naming the path and
/// the problem, before anything is allocated from what the file declares,
/// without following a link out of the file or blocking on a special file.
@Suite struct HostileFileTests {
    /// Verifies `path` and requires an error whose text is `path: ` followed by text containing every `problem`.
    func expectRefused(_ path: String, _ problem: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let verification = try FixtureFile(path: path).verify()
            Issue.record("\(path) verified (\(verification)), expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.file == path, sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(path + ": "), "\(error)", sourceLocation: sourceLocation)
            for text in problem {
                #expect(error.description.contains(text), "'\(text)' not in: \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: special files

    @Test func fifoIsRefusedWithoutOpening() throws {
        let path = try TestData.temporaryPath("pipe.h5")
        try #require(mkfifo(path, 0o600) == 0, "mkfifo \(path)")
        expectRefused(path, ["is a FIFO (named pipe), not a regular file"])
        #expect(FileSystemEntry(path: path) == .other("a FIFO (named pipe)"))
    }

    @Test func directoryNamedH5IsRefused() throws {
        let path = try TestData.temporaryPath("folder.h5")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let error = try #require(throws: FixtureError.self) { try FixtureFile(path: path) }
        #expect(error.description == "\(path): is a directory, not a regular file")
    }

    @Test func symbolicLinkLoopIsRefused() throws {
        let a = try TestData.temporaryPath("a.h5")
        let b = (a as NSString).deletingLastPathComponent + "/b.h5"
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        expectRefused(a, ["is a symbolic link loop"])
    }

    @Test func characterDeviceIsRefused() {
        expectRefused("/dev/zero", ["is a character device, not a regular file"])
    }

    @Test func theHDF5LayerRefusesSpecialFilesToo() throws {
        let error = try #require(throws: HDF5Error.self) { try HDF5File.open("/dev/zero") }
        #expect(error.function == "H5Fopen" && error.file == "/dev/zero" && error.stack == "is a character device, not a regular file")
    }

    /// A folder scan lists a FIFO named `.h5` beside good files; opening it is refused, naming it.
    @Test func fifoInsideAFolderScanIsNamed() throws {
        let good = try TestData.temporaryPath("good.h5")
        let folder = (good as NSString).deletingLastPathComponent
        try FileManager.default.copyItem(atPath: TestData.path("schema_v1.h5"), toPath: good)
        let pipe = folder + "/pipe.h5"
        try #require(mkfifo(pipe, 0o600) == 0)
        #expect(try FixtureFile.files(at: folder) == [good, pipe])
        #expect(try FixtureFile(path: good).verify().cases == 5)
        expectRefused(pipe, ["is a FIFO"])
    }

    // MARK: links and nesting

    @Test func hardLinkCycleIsNotFollowed() throws {
        let file = try CraftedFile("cycle.h5")
        try file.edit { group in
            try CraftedFile.ok(H5Lcreate_hard(group, ".", group, "loop", attest_H5P_DEFAULT(), attest_H5P_DEFAULT()), "H5Lcreate_hard")
        }
        expectRefused(file.path, ["case c0000: unexpected member /c0000/loop: a case group holds only datasets"])
    }

    @Test func deeplyNestedGroupsAreNotFollowed() throws {
        let file = try CraftedFile("nested.h5")
        try file.edit { group in
            var parent = H5Gopen2(group, ".", attest_H5P_DEFAULT())
            for _ in 0 ..< 2_000 {
                let child = H5Gcreate2(parent, "n", attest_H5P_DEFAULT(), attest_H5P_DEFAULT(), attest_H5P_DEFAULT())
                try CraftedFile.ok(child, "H5Gcreate2")
                H5Gclose(parent)
                parent = child
            }
            H5Gclose(parent)
        }
        expectRefused(file.path, ["case c0000: unexpected member /c0000/n: a case group holds only datasets"])
    }

    @Test func softLinkCycleIsNotFollowed() throws {
        let file = try CraftedFile("soft.h5")
        try file.edit { group in
            try CraftedFile.ok(H5Ldelete(group, "q", attest_H5P_DEFAULT()), "H5Ldelete q")
            try CraftedFile.ok(H5Lcreate_soft("/c0000/q", group, "q", attest_H5P_DEFAULT(), attest_H5P_DEFAULT()), "H5Lcreate_soft")
        }
        expectRefused(file.path, ["'/c0000/q'", "the member is a soft link; only hard links are followed"])
    }

    @Test func externalLinkToAFIFOIsNotFollowed() throws {
        let file = try CraftedFile("external.h5")
        let pipe = (file.path as NSString).deletingLastPathComponent + "/target.h5"
        try #require(mkfifo(pipe, 0o600) == 0)
        try file.edit { group in
            try CraftedFile.ok(H5Ldelete(group, "k", attest_H5P_DEFAULT()), "H5Ldelete k")
            try CraftedFile.ok(H5Lcreate_external(pipe, "/k", group, "k", attest_H5P_DEFAULT(), attest_H5P_DEFAULT()), "H5Lcreate_external")
        }
        expectRefused(file.path, ["'/c0000/k'", "the member is an external link; only hard links are followed"])
    }

    // MARK: declared sizes

    /// 2^40 int64 elements (8 TiB) declared, none stored: refused before any allocation.
    @Test func sparseDatasetDeclaringTerabytesIsRefused() throws {
        let file = try CraftedFile("sparse.h5")
        try file.edit { group in try CraftedFile.sparse(group, "cu_seqlens_q", count: 1 << 40) }
        expectRefused(file.path, ["/c0000/cu_seqlens_q", "declares 8796093022208 bytes, more than the reader's cap of \(HDF5Limits.maxDatasetBytes)"])
    }

    /// 8 MiB declared (under the cap), nothing stored: refused by the expansion ratio.
    @Test func sparseDatasetUnderTheCapIsRefused() throws {
        let file = try CraftedFile("sparse-small.h5")
        try file.edit { group in try CraftedFile.sparse(group, "cu_seqlens_q", count: 1 << 20) }
        expectRefused(file.path, ["declares 8388608 bytes but the file stores 0 for it, more than 1032 times"])
    }

    /// 1 GiB of zeros stored in about a megabyte: refused before anything is decompressed.
    @Test func deflateBombIsRefused() throws {
        let file = try CraftedFile("bomb.h5")
        try file.edit { group in try CraftedFile.deflateBomb(group, "cu_seqlens_q", chunks: 1024) }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        #expect(size < 4 << 20, "the bomb file is \(size) bytes")
        expectRefused(file.path, ["declares 1073741824 bytes, more than the reader's cap"])
    }

    /// 2^62 int64 elements: the byte count overflows a 64-bit size, an error rather than a trap.
    @Test func declaredSizeOverflowIsAnError() throws {
        let file = try CraftedFile("overflow.h5")
        try file.edit { group in try CraftedFile.sparse(group, "cu_seqlens_q", count: 1 << 62, chunk: 1 << 20) }
        expectRefused(file.path, ["/c0000/cu_seqlens_q", "shape [4611686018427387904] of 8-byte elements overflows a 64-bit size"])
    }
}
