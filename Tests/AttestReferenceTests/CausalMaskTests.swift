import AttestCore
import AttestReference
import Testing

/// Causal masks in both alignments on Sq < Skv, Sq > Skv and Sq = Skv (where
/// the alignments differ and agree). Patterns: one string per query i, one
/// character per key j, `1` visible.
@Suite("Reference: causal masks")
struct CausalMaskTests {
    @Test("no mask: every key is visible")
    func noMask() throws {
        try expectVisibility(visibilityProblem(queries: 2, keys: 3, mask: AttentionMask()), "no mask") { _, _ in
            ["111", "111"]
        }
    }

    @Test("causal top-left (PyTorch is_causal): j <= i")
    func causalTopLeft() throws {
        let tl = AttentionMask(causal: .topLeft)
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: tl), "TL Sq<Skv") { _, _ in
            ["1...", "11.."]
        }
        try expectVisibility(visibilityProblem(queries: 4, keys: 2, mask: tl), "TL Sq>Skv") { _, _ in
            ["1.", "11", "11", "11"]
        }
        try expectVisibility(visibilityProblem(queries: 3, keys: 3, mask: tl), "TL Sq=Skv") { _, _ in
            ["1..", "11.", "111"]
        }
    }

    @Test("causal bottom-right (FlashAttention): j <= i + Skv - Sq")
    func causalBottomRight() throws {
        let br = AttentionMask(causal: .bottomRight)
        // Skv - Sq = 2: row 0 sees j <= 2, the last row sees every key.
        try expectVisibility(visibilityProblem(queries: 2, keys: 4, mask: br), "BR Sq<Skv") { _, _ in
            ["111.", "1111"]
        }
        // Skv - Sq = -2: rows 0 and 1 see nothing (fully masked), row 2 sees j <= 0.
        try expectVisibility(visibilityProblem(queries: 4, keys: 2, mask: br), "BR Sq>Skv") { _, _ in
            ["..", "..", "1.", "11"]
        }
        try expectVisibility(visibilityProblem(queries: 3, keys: 3, mask: br), "BR Sq=Skv equals TL") { _, _ in
            ["1..", "11.", "111"]
        }
    }

    @Test("decode (Sq = 1): bottom-right sees every key, top-left only the first")
    func decode() throws {
        try expectVisibility(visibilityProblem(queries: 1, keys: 5, mask: AttentionMask(causal: .bottomRight)), "BR decode") { _, _ in
            ["11111"]
        }
        try expectVisibility(visibilityProblem(queries: 1, keys: 5, mask: AttentionMask(causal: .topLeft)), "TL decode") { _, _ in
            ["1...."]
        }
    }
}
