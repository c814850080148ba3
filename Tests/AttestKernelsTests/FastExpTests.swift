import AttestCore
import Foundation
import Testing
@testable import AttestKernels

@Suite("Float.fastExp")
struct FastExpTests {
    /// The documented accuracy: relative error < 1.5·2^-24 wherever e^x is a
    /// normal float, checked against float64 `exp` on every 97th float in range.
    @Test("relative error below 1.5 units of 2^-24 on normal results")
    func accuracy() {
        var worst = 0.0, worstX: Float = 0
        var bits = (-87.33654 as Float).bitPattern
        let stop = (88.7 as Float).bitPattern
        // Negative floats: bit patterns decrease towards zero; walk them, then the positives.
        while bits > 0x8000_0000 {
            check(Float(bitPattern: bits))
            bits = bits >= 0x8000_0000 + 97 ? bits - 97 : 0x8000_0000
        }
        bits = 0
        while bits < stop {
            check(Float(bitPattern: bits))
            bits += 97
        }
        func check(_ x: Float) {
            let exact = Foundation.exp(Double(x))
            let error = abs(Double(Float.fastExp(x)) - exact) / exact
            if error > worst { (worst, worstX) = (error, x) }
        }
        #expect(worst < 1.5 * 0x1p-24, "worst relative error \(worst / 0x1p-24)·2^-24 at x = \(worstX)")
    }

    @Test("special values")
    func specials() {
        #expect(Float.fastExp(0) == 1)
        #expect(Float.fastExp(-.infinity) == 0)
        #expect(Float.fastExp(-100) == 0)
        #expect(Float.fastExp(.infinity) == .infinity)
        #expect(Float.fastExp(.nan).isNaN)
    }
}
