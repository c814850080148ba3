"""The numpy example against every core-attention golden fixture (fixtures/*.h5, written by the independent
numpy oracle of tools/fixtures), before Attest certifies it through --exec (test_certify.py)."""
import pathlib

import h5py
import numpy as np
import pytest

import attest_kit as kit
from kernel import attention

ROOT = pathlib.Path(__file__).resolve().parents[2]
# docs/tolerance.md, f64 floor: 8192 units of float64 roundoff (2^-53) times max(1, max|golden|).
F64_FLOOR_UNITS = 8192 * 2.0**-53


def fixture_cases():
    for path in sorted((ROOT / "fixtures").glob("*.h5")):
        with h5py.File(path, "r") as f:
            for name, g in f.items():
                if kit.hdf5.text(g.attrs["kind"]) == "fwd":
                    yield pytest.param(path, name, id=f"{path.stem}/{name}")


@pytest.mark.parametrize("path,name", list(fixture_cases()))
def test_numpy_example_matches_the_golden_fixture(path, name):
    with h5py.File(path, "r") as f:
        g = f[name]
        call = kit.Call.read(g)                       # fixture groups share the request's attributes and datasets
        left, right = int(g.attrs["window_left"]), int(g.attrs["window_right"])
        if (left, right) != (-1, -1):                 # fixtures mark "no window" by both sides -1
            call.window = (None if left < 0 else left, None if right < 0 else right)
        golden_o, golden_lse = g["o"][()], g["lse"][()]
        case_id = kit.hdf5.text(g.attrs["case_id"])
    o, lse = attention(call.q, call.k, call.v, **call.arguments())
    for got, golden, what in ((o, golden_o, "o"), (lse, golden_lse, "lse")):
        assert got.shape == golden.shape, what
        assert np.array_equal(np.isfinite(got), np.isfinite(golden)), f"{what}: non-finite pattern differs"
        assert np.array_equal(got[~np.isfinite(golden)], golden[~np.isfinite(golden)]), f"{what}: ±inf differs"
        finite = np.isfinite(golden)
        bound = F64_FLOOR_UNITS * max(1.0, np.abs(golden[finite]).max(initial=0))
        err = np.abs(got[finite] - golden[finite]).max(initial=0)
        assert err <= bound, f"{case_id}: {what} error {err:.3g} > {bound:.3g}"
