"""Request files written by the attest binary itself (`--keep-exchange`) are read and answered by the kit."""
import json
import os
import pathlib
import subprocess
import sys

import h5py
import numpy as np

import attest_kit as kit
from attest_kit import hdf5
from attest_kit.elements import compute_dtype, float32_to_bfloat16_bits

ROOT = pathlib.Path(__file__).resolve().parents[2]
ATTEST = os.environ.get("ATTEST", str(ROOT / ".build/release/attest"))

# A kit kernel that declares every element type and feature and answers with the golden-free constant 0.25
# (its verdicts do not matter here: the files do).
RECORDER = '''
import numpy as np, attest_kit as kit
def attention(q, k, v, **_):
    B, Sq, Hq, _ = q.shape
    return np.full((B, Sq, Hq, v.shape[3]), 0.25), np.zeros((B, Hq, Sq))
kit.serve(attention, kit.Capabilities(name="recorder", dtypes=["f64", "f32", "f16", "bf16"], lse_dtype="f32",
          features=["causal_tl", "causal_br", "window", "key_padding", "query_padding", "varlen", "bool_mask",
                    "bias", "alibi", "softcap", "gqa", "dv_ne_d", "lse"]))
'''


def test_attest_request_files_are_read_and_their_responses_hold_what_the_kernel_returned(tmp_path):
    (tmp_path / "recorder.py").write_text(RECORDER)
    env = dict(os.environ, TMPDIR=str(tmp_path))
    run = subprocess.run([ATTEST, "certify", "--exec", f"{sys.executable} {tmp_path / 'recorder.py'}",
                          "--profile", "smoke", "--keep-exchange", "--plain", "--out", str(tmp_path / "report")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stdout[-2000:] + run.stderr[-2000:]
    requests = sorted(tmp_path.glob("attest-exchange-*/batch-*/request.h5"))
    assert requests, f"no kept request file below {tmp_path}:\n{run.stdout[-2000:]}"
    rows = [json.loads(line) for line in (tmp_path / "report/results.jsonl").read_text().splitlines() if line]
    case_ids = {r["id"] for r in rows}
    seen_types = set()
    for request in requests:
        calls = kit.read_request(request)
        with h5py.File(request, "r") as f:
            assert int(f.attrs["calls"]) == len(calls) > 0
            for call in calls:
                stored = hdf5.stored_element_type(f[call.name]["q"])
                assert stored == call.dtype, f"{request}:{call.name}: q stored as {stored}, dtype says {call.dtype}"
                if call.dtype == "bfloat16":              # widened exactly: rounding back gives the stored bits
                    ds = f[call.name]["q"]
                    bits = np.empty(ds.shape, np.uint16)
                    ds.id.read(h5py.h5s.ALL, h5py.h5s.ALL, bits, mtype=ds.id.get_type())
                    assert np.array_equal(float32_to_bfloat16_bits(call.q), bits)
        for call in calls:
            d = call.dims
            assert call.case_id in case_ids, call.case_id
            assert call.q.shape == (d["B"], d["Sq"], d["Hq"], d["D"]) and call.q.dtype == compute_dtype(call.dtype)
            assert call.k.shape == (d["B"], d["Skv"], d["Hkv"], d["D"])
            assert call.v.shape == (d["B"], d["Skv"], d["Hkv"], d["Dv"])
            assert call.wants_lse                     # the recorder declares lse
            seen_types.add(call.dtype)
        answers = kit.read_response(request.with_name("response.h5"))
        assert set(answers) == {c.name for c in calls}
        for call in calls:
            answer = answers[call.name]
            assert answer.o_type == call.dtype and answer.o.shape == call.o_shape
            assert np.all(answer.o == 0.25) and answer.lse.dtype == np.float32 and answer.lse.shape == call.lse_shape
    assert {"float32", "bfloat16"} <= seen_types    # the smoke profile's element types
