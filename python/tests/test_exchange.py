"""Request and response files: the kit's writer and reader agree, and the bytes are the protocol's."""
import h5py
import numpy as np
import pytest

import attest_kit as kit
from attest_kit import hdf5
from conftest import make_call

ELEMENT_TYPES = ["float64", "float32", "float16", "bfloat16"]


def test_request_round_trip_keeps_every_parameter(tmp_path):
    rng = np.random.default_rng(1)
    calls = [
        make_call("float64", causal="bottom_right", window=(2, None), softcap=3.5, wants_lse=True,
                  key_lengths=np.array([5, 2]), query_lengths=np.array([3, 0]),
                  bias=np.where(rng.random((1, 4, 3, 5)) < 0.2, -np.inf, rng.standard_normal((1, 4, 3, 5))),
                  alibi_slopes=np.array([0.5, -0.25, 1.0, 0.0]), mask=rng.random((2, 1, 3, 5)) < 0.5),
        make_call("bfloat16", B=1, Sq=4, Skv=6, causal="top_left", scale=-0.75,
                  cu_seqlens_q=np.array([0, 1, 4]), cu_seqlens_k=np.array([0, 3, 6])),
        make_call("float16", window=(0, 0)),
    ]
    path = tmp_path / "request.h5"
    kit.write_request(path, calls)
    back = kit.read_request(path)
    assert [c.name for c in back] == ["c000000", "c000001", "c000002"]
    for sent, got in zip(calls, back):
        assert got.dtype == sent.dtype and got.dims == sent.dims and got.case_id == sent.case_id
        for name in ("q", "k", "v"):
            assert getattr(got, name).dtype == getattr(sent, name).dtype
            assert np.array_equal(getattr(got, name), getattr(sent, name)), name
        for name, value in sent.arguments().items():
            if isinstance(value, np.ndarray):
                assert np.array_equal(got.arguments()[name], value), name
            else:
                assert got.arguments()[name] == value, name
        assert got.wants_lse == sent.wants_lse


def test_bfloat16_is_stored_as_the_protocol_type_with_raw_bits(tmp_path):
    call = make_call("bfloat16", B=1, Sq=1, Skv=1, Hq=1, Hkv=1, D=2, Dv=1)
    call.q = np.array([[[[1.0, -2.0]]]], dtype=np.float32)
    path = tmp_path / "request.h5"
    kit.write_request(path, [call])
    with h5py.File(path, "r") as f:
        ds = f["c000000/q"]
        t = ds.id.get_type()
        assert (t.get_size(), t.get_fields(), t.get_ebias()) == (2, (15, 7, 8, 0, 7), 127)
        assert hdf5.text(ds.attrs["dtype_name"]) == "bfloat16"
        bits = np.empty(ds.shape, np.uint16)
        ds.id.read(h5py.h5s.ALL, h5py.h5s.ALL, bits, mtype=t)
        assert bits.ravel().tolist() == [0x3F80, 0xC000]
        assert hdf5.text(f.attrs["protocol"]) == "attest-external-kernel" and int(f.attrs["protocol_version"]) == 1


def _constant_kernel(value):
    def attention(q, k, v, *, dtype, **_):
        B, Sq, Hq, _ = q.shape
        return np.full((B, Sq, Hq, v.shape[3]), value, dtype=np.float64), np.full((B, Hq, Sq), value)
    return attention


@pytest.mark.parametrize("dtype", ELEMENT_TYPES)
def test_output_is_written_in_the_call_element_type_rounded_once(tmp_path, dtype):
    value = 1 + 2**-8 + 2**-30            # bfloat16 0x3F81, float16 1.0039062, float32 1.0039062 (rounded once)
    kit.write_request(tmp_path / "req.h5", [make_call(dtype, wants_lse=True)])
    caps = kit.Capabilities(dtypes=["f64", "f32", "f16", "bf16"], features=["lse"], lse_dtype="f32")
    assert kit.run(_constant_kernel(value), caps, [str(tmp_path / "req.h5"), str(tmp_path / "res.h5")]) == 0
    answer = kit.read_response(tmp_path / "res.h5")["c000000"]
    assert answer.o_type == dtype and answer.error is None and answer.not_supported is None
    expected = {"float64": value, "float32": float(np.float32(value)), "float16": float(np.float16(value)),
                "bfloat16": 1 + 2**-7}[dtype]
    assert np.all(answer.o.astype(np.float64) == expected)
    assert answer.o.shape == (2, 3, 4, 6)
    assert answer.lse.dtype == np.float32 and answer.lse.shape == (2, 4, 3)


def test_lse_is_left_out_when_the_call_does_not_ask(tmp_path):
    kit.write_request(tmp_path / "req.h5", [make_call(wants_lse=False)])
    caps = kit.Capabilities(dtypes=["f32"], features=["lse"], lse_dtype="f64")
    kit.run(_constant_kernel(0.5), caps, [str(tmp_path / "req.h5"), str(tmp_path / "res.h5")])
    with h5py.File(tmp_path / "res.h5", "r") as f:
        assert sorted(f["c000000"].keys()) == ["o"]


def test_an_exception_in_one_call_is_that_call_error_and_the_others_are_answered(tmp_path, capsys):
    calls = [make_call(seed=s, case_id=f"case{s}") for s in range(4)]
    calls[1].causal = "top_left"
    calls[2].causal = "bottom_right"

    def attention(q, k, v, *, causal, **_):
        if causal == "top_left":
            raise ZeroDivisionError("boom in the kernel")
        if causal == "bottom_right":
            raise kit.NotSupported("bottom-right alignment is not implemented")
        return np.zeros(q.shape[:3] + (v.shape[3],))

    kit.write_request(tmp_path / "req.h5", calls)
    status = kit.run(attention, kit.Capabilities(dtypes=["f32"]), [str(tmp_path / "req.h5"), str(tmp_path / "res.h5")])
    assert status == 0
    answers = kit.read_response(tmp_path / "res.h5")
    assert answers["c000000"].o is not None and answers["c000003"].o is not None
    assert answers["c000001"].error == "ZeroDivisionError: boom in the kernel" and answers["c000001"].o is None
    assert answers["c000002"].not_supported == "bottom-right alignment is not implemented"
    assert answers["c000002"].o is None and answers["c000002"].error is None
    err = capsys.readouterr().err
    assert "c000001 (case1)" in err and "Traceback" in err


def test_a_missing_lse_or_a_bad_output_is_an_error_not_a_partial_group(tmp_path):
    calls = [make_call(wants_lse=True), make_call(wants_lse=True)]
    kit.write_request(tmp_path / "req.h5", calls)
    returns = iter([np.zeros((2, 3, 4, 6)), (np.zeros((2, 3, 4, 6)), np.array(["x"]))])
    caps = kit.Capabilities(dtypes=["f32"], features=["lse"], lse_dtype="f64")
    kit.run(lambda q, k, v, **_: next(returns), caps, [str(tmp_path / "req.h5"), str(tmp_path / "res.h5")])
    answers = kit.read_response(tmp_path / "res.h5")
    assert answers["c000000"].error.startswith("TypeError: the capabilities declare lse")
    assert answers["c000001"].error.startswith("TypeError: lse must be a real array")
    with h5py.File(tmp_path / "res.h5", "r") as f:
        assert list(f["c000001"].keys()) == []          # the o written before the failure was removed


def test_usage_and_unreadable_request(tmp_path, capsys):
    caps = kit.Capabilities(dtypes=["f32"])
    assert kit.run(_constant_kernel(0), caps, []) == 2
    assert kit.run(_constant_kernel(0), caps, ["--bogus"]) == 2
    (tmp_path / "junk.h5").write_bytes(b"not hdf5 at all")
    assert kit.run(_constant_kernel(0), caps, [str(tmp_path / "junk.h5"), str(tmp_path / "res.h5")]) == 1
    assert "cannot read the request" in capsys.readouterr().err
