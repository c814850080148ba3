import AttestConformance
import AttestCore
import AttestReport
import Foundation
import Testing

/// `ResultsStream`: every appended result is on disk at once, and a new run
/// removes the folder's old certificate.
@Suite struct ResultsStreamTests {
    @Test func eachAppendedResultIsOnDiskBeforeTheNextAndTheOldCertificateIsGone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportFolder.write(FixedRun.run, to: dir)
        let stream = try ResultsStream(directory: dir)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("certificate.json").path))
        let results = FixedRun.run.results
        #expect(results.count >= 2)
        for (n, result) in results.enumerated() {
            #expect(stream.append(result) == nil)
            // Read by another handle while the stream is still open: nothing is buffered.
            let data = try #require(FileManager.default.contents(atPath: stream.url.path))
            #expect(try ResultsJSONL.parse(data, path: stream.url.path) == Array(results[...n]))
        }
        stream.close()
        #expect(stream.append(results[0]) == nil, "appending after close is ignored")
        #expect(try ResultsJSONL.parse(try #require(FileManager.default.contents(atPath: stream.url.path)), path: "") == results)
    }
}
