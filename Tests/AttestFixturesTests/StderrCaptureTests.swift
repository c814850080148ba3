import CHDF5
import Foundation
import Testing

/// The stderr capture used by the bad-input tests can fail: it sees HDF5's own
/// printing when printing is left on (a fresh thread, no `H5Eset_auto2`).
@Suite struct StderrCaptureTests {
    @Test func captureSeesHDF5PrintingWhenNotSilenced() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).h5").path
        let (status, text) = StderrCapture.capture {
            H5Fopen(missing, attest_H5F_ACC_RDONLY(), attest_H5P_DEFAULT())
        }
        #expect(status < 0)
        #expect(text.contains(StderrCapture.hdf5Marker), "captured stderr: \(text)")
    }
}
