"""Element encodings against known bit patterns and an independent nearest-value search."""
import numpy as np
import pytest

from attest_kit.elements import (bfloat16_bits_to_float32, encode, float32_to_bfloat16_bits,
                                 float64_to_bfloat16_bits)

# (value, bfloat16 bits): docs/semantics.md §11 and the edges of the format.
BFLOAT16_KNOWN = [
    (1.0, 0x3F80), (-2.0, 0xC000), (0.0, 0x0000), (-0.0, 0x8000),
    (1 + 2**-8 + 2**-30, 0x3F81),          # just above the tie: rounding through float32 would give 0x3F80
    (1 + 2**-8, 0x3F80),                   # the tie itself goes to even
    (1 + 3 * 2**-8, 0x3F82),               # a tie going up to even
    (1 + 3 * 2**-8 - 2**-40, 0x3F81),      # just below a tie that goes up
    (float(np.finfo(np.float32).max), 0x7F80),  # float32's largest finite value overflows to +inf
    (3.3895313892515355e38, 0x7F7F),       # bfloat16's largest finite value
    (1e300, 0x7F80), (-np.inf, 0xFF80),
    (2.0**-133, 0x0001),                   # the smallest subnormal
    (2.0**-134, 0x0000),                   # half of it: a tie, to even (zero)
    (2.0**-134 * (1 + 2**-30), 0x0001),    # above that tie
]

FLOAT16_KNOWN = [
    (1.0, 0x3C00), (65504.0, 0x7BFF), (65519.99, 0x7BFF), (65520.0, 0x7C00), (2.0**-24, 0x0001),
    (2.0**-25, 0x0000), (1 + 2**-11, 0x3C00), (1 + 2**-11 + 2**-30, 0x3C01), (-0.0, 0x8000),
]


@pytest.mark.parametrize("value,bits", BFLOAT16_KNOWN)
def test_bfloat16_known_patterns(value, bits):
    got = int(encode(np.array([value]), "bfloat16")[0])
    assert got == bits, f"{value!r}: got {got:#06x}, expected {bits:#06x}"


@pytest.mark.parametrize("value,bits", FLOAT16_KNOWN)
def test_float16_known_patterns(value, bits):
    got = int(encode(np.array([value]), "float16").view(np.uint16)[0])
    assert got == bits, f"{value!r}: got {got:#06x}, expected {bits:#06x}"


def test_bfloat16_nan_keeps_sign_and_is_quiet():
    nan = np.array([np.nan, -np.nan], dtype=np.float64)
    bits = float64_to_bfloat16_bits(nan)
    assert [int(b) & 0x8000 for b in bits] == [0, 0x8000]
    assert all((int(b) & 0x7FC0) == 0x7FC0 for b in bits), [hex(b) for b in bits]
    signalling = np.array([0x7F800001], dtype=np.uint32).view(np.float32)   # payload only in the low bits
    assert int(float32_to_bfloat16_bits(signalling)[0]) == 0x7FC0


def _all_bfloat16_values():
    bits = np.arange(0, 0x7F81, dtype=np.uint32).astype(np.uint16)           # +0 ... +inf
    return bits, bfloat16_bits_to_float32(bits).astype(np.float64)


def test_bfloat16_rounding_is_nearest_even_on_random_values():
    """Every float64 -> bfloat16 result is the nearest value (ties to even), found by a search over all values."""
    rng = np.random.default_rng(7)
    bits, values = _all_bfloat16_values()
    x = np.concatenate([
        rng.standard_normal(20000) * np.exp(rng.uniform(-90, 88, 20000)),
        (values[1:-2] + values[2:-1]) / 2,                                   # every tie between finite values
        np.nextafter((values[1:-2] + values[2:-1]) / 2, np.inf),
    ])
    x = np.abs(x)
    got = float64_to_bfloat16_bits(x)
    hi = np.clip(np.searchsorted(values, x), 1, len(values) - 1)
    below, above = values[hi - 1], values[hi]
    pick_above = (above - x < x - below) | ((above - x == x - below) & (bits[hi] % 2 == 0))
    expected = np.where(pick_above, bits[hi], bits[hi - 1])
    # Past the largest finite value, overflow: the midpoint to 2^128 and above round to +inf.
    expected = np.where(x >= (values[-2] + 2.0**128) / 2, 0x7F80, expected)
    bad = np.nonzero(got != expected)[0]
    assert bad.size == 0, f"{x[bad[0]]!r}: got {got[bad[0]]:#06x}, expected {expected[bad[0]]:#06x}"


def test_bfloat16_from_float32_matches_ml_dtypes():
    import ml_dtypes  # in .venv through tools/fixtures/requirements.txt
    rng = np.random.default_rng(8)
    x = (rng.standard_normal(50000) * np.exp(rng.uniform(-80, 80, 50000))).astype(np.float32)
    expected = x.astype(ml_dtypes.bfloat16).view(np.uint16)
    assert np.array_equal(float32_to_bfloat16_bits(x), expected)


def test_bfloat16_widening_is_exact():
    bits = np.array([0x3F80, 0x3F81, 0xC000, 0x0001, 0x7F7F, 0xFF80], dtype=np.uint16)
    expected = [1.0, 1 + 2**-7, -2.0, 2.0**-133, 3.3895313892515355e38, -np.inf]
    assert bfloat16_bits_to_float32(bits).astype(np.float64).tolist() == expected


def test_encode_refuses_non_numeric():
    with pytest.raises(TypeError, match="real numeric"):
        encode(np.array(["a"]), "float32")
