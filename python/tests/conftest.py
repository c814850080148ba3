"""Shared helpers of the kit's tests: small random calls."""
import numpy as np

import attest_kit as kit
from attest_kit.elements import bfloat16_bits_to_float32, compute_dtype, encode


def values_of(dtype, array):
    """`array` rounded to element type `dtype`, held as the kit hands it to a kernel."""
    stored = encode(array, dtype)
    return bfloat16_bits_to_float32(stored) if dtype == "bfloat16" else stored.astype(compute_dtype(dtype))


def make_call(dtype="float32", B=2, Sq=3, Skv=5, Hq=4, Hkv=2, D=8, Dv=6, seed=0, case_id="test:case", **params):
    rng = np.random.default_rng(seed)
    q, k, v = (values_of(dtype, rng.standard_normal(shape)) for shape in
               ((B, Sq, Hq, D), (B, Skv, Hkv, D), (B, Skv, Hkv, Dv)))
    dims = dict(B=B, Sq=Sq, Skv=Skv, Hq=Hq, Hkv=Hkv, D=D, Dv=Dv)
    params.setdefault("scale", 1 / np.sqrt(D))
    return kit.Call(name="", case_id=case_id, dtype=dtype, q=q, k=k, v=v, dims=dims, **params)
