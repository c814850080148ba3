"""Element types of the exchange files and their exact conversions.

The four element types of the contract (`docs/semantics.md` section 11) and how the kit holds them in numpy:

| name       | in the exchange file                         | given to the kernel as        |
|------------|----------------------------------------------|-------------------------------|
| `float64`  | IEEE F64LE                                   | `numpy.float64`               |
| `float32`  | IEEE F32LE                                   | `numpy.float32`               |
| `float16`  | IEEE binary16 (h5py's float16)               | `numpy.float16`               |
| `bfloat16` | custom 2-byte float, fields (15, 7, 8, 0, 7) | `numpy.float32`, exact widening |

Every narrowing rounds once, to nearest, ties to even, straight from the exact value: overflow gives
+-inf, NaN stays NaN (bfloat16 keeps its sign and is made quiet).
"""
import numpy as np

ELEMENT_TYPES = ("float64", "float32", "float16", "bfloat16")
SHORT_NAMES = {"float64": "f64", "float32": "f32", "float16": "f16", "bfloat16": "bf16"}

# numpy dtype a kernel receives an element type in (bfloat16 widens exactly to float32).
_COMPUTE_DTYPE = {"float64": np.float64, "float32": np.float32, "float16": np.float16, "bfloat16": np.float32}


def compute_dtype(name):
    """The numpy dtype the kit hands a kernel for element type `name`."""
    try:
        return np.dtype(_COMPUTE_DTYPE[name])
    except KeyError:
        raise ValueError(f"unknown element type {name!r} (known: {', '.join(ELEMENT_TYPES)})") from None


def bfloat16_bits_to_float32(bits):
    """uint16 bfloat16 bit patterns -> float32 values (exact: bfloat16 is the top half of binary32)."""
    bits = np.asarray(bits, dtype=np.uint16)
    return (bits.astype(np.uint32) << np.uint32(16)).view(np.float32)


def float32_to_bfloat16_bits(x):
    """float32 values -> uint16 bfloat16 bit patterns, round to nearest, ties to even."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    bits = x.view(np.uint32).astype(np.uint64)
    lsb = (bits >> np.uint64(16)) & np.uint64(1)
    rounded = ((bits + np.uint64(0x7FFF) + lsb) >> np.uint64(16)).astype(np.uint16)
    quiet_nan = ((bits >> np.uint64(16)) | np.uint64(0x0040)).astype(np.uint16)
    return np.where(np.isnan(x), quiet_nan, rounded)


def float64_to_bfloat16_bits(x):
    """float64 values -> uint16 bfloat16 bit patterns, rounded once from the exact value.

    float64 -> float32 -> bfloat16 can round twice: the float32 result r may land exactly on a tie between
    two bfloat16 values that x itself is not on. Every such tie is a float32 value, and rounding to nearest
    is monotone, so x lies strictly on one side of it; moving r one float32 step towards x puts it on that
    side without crossing another bfloat16 value, and the second rounding then goes the way x does.
    """
    x = np.ascontiguousarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        r = x.astype(np.float32)
        tie = (r.view(np.uint32) & np.uint32(0xFFFF)) == np.uint32(0x8000)
        inexact = np.isfinite(x) & (r.astype(np.float64) != x)
        toward = np.where(x > r.astype(np.float64), np.float32(np.inf), np.float32(-np.inf))
        r = np.where(tie & inexact, np.nextafter(r, toward), r)
    return float32_to_bfloat16_bits(r)


def encode(values, name):
    """Any real array -> the array stored for element type `name` (uint16 bit patterns for bfloat16).

    float64, float32 and float16 are rounded once by numpy's own casts (which round straight from the
    source value); bfloat16 by `float64_to_bfloat16_bits` or, for float32 input, `float32_to_bfloat16_bits`.
    """
    values = np.asarray(values)
    if values.dtype.kind not in "fiub":
        raise TypeError(f"expected a real numeric array, got dtype {values.dtype}")
    if name == "bfloat16":
        if values.dtype == np.float32 or values.dtype == np.float16:
            return float32_to_bfloat16_bits(values.astype(np.float32))
        return float64_to_bfloat16_bits(values.astype(np.float64))
    with np.errstate(over="ignore"):
        return values.astype(compute_dtype(name))
