import CHDF5
import Foundation
import Testing

/// Calls libhdf5's raw C API through the CHDF5 module and its shim getters:
/// the version, then a file created, a tiny double dataset written, read back
/// and closed. Every status is checked (HDF5 returns a negative id or status
/// on failure).
@Suite("CHDF5 smoke")
struct CHDF5SmokeTests {
    @Test("H5get_libversion reports 1.10 or later, and the shim agrees")
    func version() {
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        #expect(H5get_libversion(&major, &minor, &release) >= 0)
        #expect(major == 1 && minor >= 10, "libhdf5 \(major).\(minor).\(release)")
        var m2: UInt32 = 0, n2: UInt32 = 0, r2: UInt32 = 0
        attest_H5_version(&m2, &n2, &r2)
        #expect([m2, n2, r2] == [major, minor, release])
    }

    @Test("create a file, write and read back a 2x3 double dataset, close everything")
    func roundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attest-chdf5-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("smoke.h5").path

        let file = H5Fcreate(path, attest_H5F_ACC_TRUNC(), attest_H5P_DEFAULT(), attest_H5P_DEFAULT())
        try #require(file >= 0, "H5Fcreate \(path)")
        var dims: [hsize_t] = [2, 3]
        let space = H5Screate_simple(2, &dims, nil)
        try #require(space >= 0, "H5Screate_simple")
        let dataset = H5Dcreate2(file, "x", attest_H5T_NATIVE_DOUBLE(), space,
                                 attest_H5P_DEFAULT(), attest_H5P_DEFAULT(), attest_H5P_DEFAULT())
        try #require(dataset >= 0, "H5Dcreate2")
        let written: [Double] = [1.5, -2, 0.25, .pi, 1e-300, -0.0]
        #expect(H5Dwrite(dataset, attest_H5T_NATIVE_DOUBLE(), attest_H5S_ALL(), attest_H5S_ALL(), attest_H5P_DEFAULT(), written) >= 0)
        #expect(H5Dclose(dataset) >= 0 && H5Sclose(space) >= 0 && H5Fclose(file) >= 0)

        let reopened = H5Fopen(path, attest_H5F_ACC_RDONLY(), attest_H5P_DEFAULT())
        try #require(reopened >= 0, "H5Fopen \(path)")
        let readSet = H5Dopen2(reopened, "x", attest_H5P_DEFAULT())
        try #require(readSet >= 0, "H5Dopen2")
        let readSpace = H5Dget_space(readSet)
        var readDims: [hsize_t] = [0, 0]
        #expect(H5Sget_simple_extent_dims(readSpace, &readDims, nil) == 2)
        #expect(readDims == [2, 3])
        var read = [Double](repeating: .nan, count: 6)
        #expect(H5Dread(readSet, attest_H5T_NATIVE_DOUBLE(), attest_H5S_ALL(), attest_H5S_ALL(), attest_H5P_DEFAULT(), &read) >= 0)
        #expect(read.map(\.bitPattern) == written.map(\.bitPattern))
        #expect(H5Sclose(readSpace) >= 0 && H5Dclose(readSet) >= 0 && H5Fclose(reopened) >= 0)
    }
}
