import AttestTensor
import Testing

struct DTypeTests {
    /// Unit roundoff is half the machine epsilon (the distance from 1 to the next
    /// value); the smallest subnormal is 2^(emin - p + 1): f16 2^-24, bf16 2^-133.
    @Test func unitRoundoffAndSmallestSubnormal() {
        #expect(DType.float64.unitRoundoff == Double.ulpOfOne / 2)
        #expect(DType.float32.unitRoundoff == Double(Float.ulpOfOne) / 2)
        #expect(DType.float16.unitRoundoff == Double(Float16.ulpOfOne) / 2)
        #expect(DType.bfloat16.unitRoundoff == 0x1p-8) // 7 stored fraction bits
        #expect(DType.float64.leastNonzeroMagnitude == 0x1p-1074)
        #expect(DType.float32.leastNonzeroMagnitude == 0x1p-149)
        #expect(DType.float16.leastNonzeroMagnitude == 0x1p-24)
        #expect(DType.bfloat16.leastNonzeroMagnitude == 0x1p-133)
    }
}
