import AttestCore
import AttestReference
import AttestTensor
import Testing

/// The arbitrary boolean mask `[1|B, 1|Hq, Sq, Skv]`: true = visible,
/// broadcast over batch and heads, combined with every other rule by AND.
@Suite("Reference: boolean mask")
struct BooleanMaskTests {
    static func mask(_ shape: [Int], _ rows: [String]) -> Tensor<Bool> {
        Tensor(shape: shape, elements: rows.joined().map { $0 == "1" })
    }

    @Test("a [1,1,Sq,Skv] mask applies to every batch entry and head")
    func broadcastBoth() throws {
        let m = Self.mask([1, 1, 2, 3], ["1.1", ".11"])
        let args = visibilityProblem(batch: 2, queries: 2, keys: 3, queryHeads: 2, mask: AttentionMask(boolean: m))
        try expectVisibility(args, "[1,1,2,3]") { _, _ in ["1.1", ".11"] }
    }

    @Test("a [B,1,Sq,Skv] mask differs per batch entry, shared by heads")
    func perBatch() throws {
        let m = Self.mask([2, 1, 2, 3], ["11.", "11.", "..1", "1.."])
        let args = visibilityProblem(batch: 2, queries: 2, keys: 3, queryHeads: 2, mask: AttentionMask(boolean: m))
        try expectVisibility(args, "[2,1,2,3]") { b, _ in b == 0 ? ["11.", "11."] : ["..1", "1.."] }
    }

    @Test("a [1,Hq,Sq,Skv] mask differs per query head (also under GQA)")
    func perHead() throws {
        let m = Self.mask([1, 2, 2, 3], ["1..", "1..", "..1", "..1"])
        let args = visibilityProblem(batch: 2, queries: 2, keys: 3, queryHeads: 2, keyValueHeads: 1, mask: AttentionMask(boolean: m))
        try expectVisibility(args, "[1,2,2,3]") { _, h in h == 0 ? ["1..", "1.."] : ["..1", "..1"] }
    }

    @Test("a full [B,Hq,Sq,Skv] mask")
    func full() throws {
        let m = Self.mask([2, 2, 1, 2], ["1.", ".1", "11", ".."])
        let args = visibilityProblem(batch: 2, queries: 1, keys: 2, queryHeads: 2, mask: AttentionMask(boolean: m))
        try expectVisibility(args, "[2,2,1,2]") { b, h in [[["1."], [".1"]], [["11"], [".."]]][b][h] }
    }

    @Test("AND with causal bottom-right; an all-false row is fully masked")
    func combined() throws {
        // BR with Sq=2, Skv=3 (offset 1): "11.", "111". Mask: ".11", "1.1".
        let m = Self.mask([1, 1, 2, 3], [".11", "1.1"])
        let args = visibilityProblem(queries: 2, keys: 3, mask: AttentionMask(causal: .bottomRight, boolean: m))
        try expectVisibility(args, "BR AND mask") { _, _ in [".1.", "1.1"] }
        let none = Self.mask([1, 1, 2, 3], ["...", "111"])
        try expectVisibility(visibilityProblem(queries: 2, keys: 3, mask: AttentionMask(boolean: none)), "all-false row") { _, _ in
            ["...", "111"]
        }
    }
}
