import AttestTensor
import Foundation
import Testing
@testable import AttestParallel

/// A tensor of `count` elements all equal to `value`.
private func filled(_ value: Double, count: Int) -> AnyTensor { .float64(Tensor(shape: [count], repeating: value)) }

private struct Boom: Error, CustomStringConvertible {
    var description: String { "boom on purpose" }
}

@Suite("Simulated process group")
struct ProcessGroupTests {
    @Test("all-to-all with variable block sizes is the transpose recv[j][i] = send[i][j]", arguments: [1, 2, 3, 4])
    func allToAllPermutes(world: Int) throws {
        let (results, ledger) = try SimulatedProcessGroup.run(worldSize: world) { group in
            let blocks = (0 ..< world).map { j in filled(Double(100 * group.rank + j), count: group.rank + j + 1) }
            return try group.allToAll(blocks, label: "x")
        }
        for j in 0 ..< world {
            for i in 0 ..< world {
                let got = results[j][i].widened()
                #expect(got.shape == [i + j + 1], "rank \(j) block from \(i) has shape \(got.shape)")
                #expect(got.scalars.allSatisfy { $0 == Double(100 * i + j) }, "rank \(j) block from \(i) holds \(got.scalars)")
            }
        }
        for r in 0 ..< world {
            let sent = (0 ..< world).filter { $0 != r }.reduce(0) { $0 + r + $1 + 1 }
            #expect(ledger.ranks[r] == Traffic(elementsSent: sent, elementsReceived: sent, bytesSent: 8 * sent, bytesReceived: 8 * sent),
                    "rank \(r): \(ledger.ranks[r])")
            #expect(ledger.pairs[r][r] == 0)
        }
    }

    @Test("all-gather returns every rank's value in rank order; the ring hop receives from rank r - 1")
    func gatherAndRing() throws {
        let world = 3
        let (results, ledger) = try SimulatedProcessGroup.run(worldSize: world) { group in
            let gathered = try group.allGather(IntegerVector([Int32(group.rank), 7]), label: "ids")
            let hop = try group.sendReceiveRing(filled(Double(group.rank), count: 2), label: "ring")
            try group.barrier(label: "end")
            return (gathered, hop)
        }
        for r in 0 ..< world {
            #expect(results[r].0.map(\.values) == [[0, 7], [1, 7], [2, 7]])
            #expect(results[r].1.widened().scalars == Array(repeating: Double((r + world - 1) % world), count: 2))
            #expect(ledger.byLabel["ids"]?[r] == Traffic(elementsSent: 4, elementsReceived: 4, bytesSent: 16, bytesReceived: 16))
            #expect(ledger.byLabel["ring"]?[r] == Traffic(elementsSent: 2, elementsReceived: 2, bytesSent: 16, bytesReceived: 16))
        }
        #expect(ledger.collectives == ["allGather(ids):IntegerVector", "sendReceiveRing(ring):AnyTensor", "barrier(end)"])
    }

    @Test("a received tensor never shares storage with the sender's")
    func isolation() throws {
        let (results, _) = try SimulatedProcessGroup.run(worldSize: 2) { group in
            let mine = filled(Double(group.rank), count: 3)
            let got = try group.allGather(mine, label: "x")
            try group.barrier(label: "sent")
            if case let .float64(t) = mine { t[[0]] = -1 } // write after sending
            try group.barrier(label: "written")
            return got.map { ($0.sharesStorage(with: mine), $0.widened().scalars) }
        }
        for r in 0 ..< 2 {
            #expect(results[r].allSatisfy { !$0.0 }, "rank \(r) received storage it shares")
            #expect(results[r].map(\.1) == [[0, 0, 0], [1, 1, 1]], "rank \(r) saw a write made after sending")
        }
    }

    @Test("repeated runs give identical results and ledgers")
    func determinism() throws {
        func once() throws -> ([[Double]], CommunicationLedger) {
            let (results, ledger) = try SimulatedProcessGroup.run(worldSize: 4) { group in
                let blocks = (0 ..< 4).map { filled(Double(group.rank * 4 + $0), count: $0 + 1) }
                return try group.allToAll(blocks, label: "x").flatMap { $0.widened().scalars }
            }
            return (results, ledger)
        }
        let (first, firstLedger) = try once()
        for _ in 0 ..< 5 {
            let (again, ledger) = try once()
            #expect(again == first)
            #expect(ledger == firstLedger)
        }
    }

    @Test("a rank that throws makes every other rank fail with peerFailed, and run throws its error")
    func throwingRank() throws {
        let (outcomes, _, failed) = SimulatedProcessGroup.runCollectingOutcomes(worldSize: 4, timeout: 20) { group -> Int in
            if group.rank == 2 { throw Boom() }
            try group.barrier(label: "b")
            return group.rank
        }
        #expect(failed == 2)
        for r in [0, 1, 3] {
            guard case let .failure(error)? = outcomes[r] else { Issue.record("rank \(r) did not fail"); continue }
            #expect(error as? ProcessGroupError == .peerFailed(rank: 2, error: "boom on purpose"), "rank \(r): \(error)")
        }
        #expect(throws: Boom.self) {
            _ = try SimulatedProcessGroup.run(worldSize: 3) { group in
                if group.rank == 1 { throw Boom() }
                return try group.allGather(IntegerVector([1]), label: "x").count
            }
        }
    }

    @Test("a rank that never arrives makes the others time out naming it, without hanging")
    func missingRank() throws {
        let start = Date()
        let (outcomes, _, failed) = SimulatedProcessGroup.runCollectingOutcomes(worldSize: 3, timeout: 0.3) { group -> Int in
            if group.rank == 1 { Thread.sleep(forTimeInterval: 3) ; return -1 } // stuck outside any collective
            try group.barrier(label: "b")
            return group.rank
        }
        #expect(Date().timeIntervalSince(start) < 2.5, "the group waited for the stuck rank")
        #expect(failed == 0 || failed == 2)
        guard case let .failure(error)? = outcomes[failed ?? 0], case let .timeout(collective, _, waiting, seconds)? = error as? ProcessGroupError else {
            Issue.record("expected a timeout, got \(String(describing: outcomes))")
            return
        }
        #expect(collective == "barrier(b)#0")
        #expect(waiting == [1])
        #expect(seconds == 0.3)
        #expect(outcomes[1] == nil, "the stuck rank is reported as abandoned")
    }

    @Test("a rank that returns without joining makes the others fail with peerExited")
    func exitedRank() throws {
        let (outcomes, _, _) = SimulatedProcessGroup.runCollectingOutcomes(worldSize: 2, timeout: 20) { group -> Int in
            if group.rank == 1 { return 1 }
            try group.barrier(label: "b")
            return 0
        }
        guard case let .failure(error)? = outcomes[0] else { Issue.record("rank 0 did not fail"); return }
        #expect(error as? ProcessGroupError == .peerExited(collective: "barrier(b)#0", rank: 0, exited: [1]))
    }

    @Test("ranks calling different collectives fail with mismatchedCollective")
    func mismatch() throws {
        #expect(throws: ProcessGroupError.self) {
            _ = try SimulatedProcessGroup.run(worldSize: 2, timeout: 20) { group in
                if group.rank == 0 { try group.barrier(label: "a") } else { _ = try group.allGather(IntegerVector([1]), label: "a") }
                return 0
            }
        }
    }

    @Test("an all-to-all with the wrong number of blocks is an error, not a hang")
    func wrongBlockCount() throws {
        #expect(throws: ProcessGroupError.wrongBlockCount(collective: "allToAll(x):AnyTensor", rank: 0, count: 1, worldSize: 2)) {
            _ = try SimulatedProcessGroup.run(worldSize: 2, timeout: 20) { group in
                try group.allToAll(group.rank == 0 ? [filled(0, count: 1)] : [filled(0, count: 1), filled(0, count: 1)], label: "x")
            }
        }
    }
}
