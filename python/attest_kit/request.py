"""The request file (`docs/external-kernels.md` §3): read by `serve`, written by `write_request`.

`write_request` writes what Attest writes, so a kernel can be run on a hand-made request without Attest
(the kit's tests do, and so can a kernel author's).
"""
import h5py
import numpy as np

from . import hdf5
from .call import Call
from .elements import encode

PROTOCOL = "attest-external-kernel"
PROTOCOL_VERSION = 1


def read_request(path):
    """The calls of a request file, in request order. Raises ValueError naming what is wrong."""
    with h5py.File(path, "r") as f:
        protocol = hdf5.text(f.attrs.get("protocol", b""))
        if protocol != PROTOCOL:
            raise ValueError(f"{path}: root attribute protocol is {protocol!r}, expected {PROTOCOL!r}")
        version = int(f.attrs.get("protocol_version", -1))
        if version != PROTOCOL_VERSION:
            raise ValueError(f"{path}: protocol_version {version}, this kit speaks {PROTOCOL_VERSION}")
        return [Call.read(f[name]) for name in sorted(f.keys())]


def write_request(path, calls):
    """Write `calls` (a list of `Call`; q, k, v already hold values of their element type) as a request file."""
    with h5py.File(path, "w", libver=("earliest", "v110")) as f:
        f.attrs["protocol"] = hdf5.ascii_string(PROTOCOL)
        f.attrs["protocol_version"] = np.int64(PROTOCOL_VERSION)
        f.attrs["calls"] = np.int64(len(calls))
        for index, call in enumerate(calls):
            g = f.create_group(f"c{index:06d}")
            a = g.attrs
            a["case_id"] = hdf5.ascii_string(call.case_id)
            a["dtype"] = hdf5.ascii_string(call.dtype)
            dims = _dims(call)
            for key, value in dims.items():
                a[key] = np.int64(value)
            a["scale"] = np.float64(call.scale)
            a["scale_is_default"] = np.int64(call.scale == 1 / np.sqrt(dims["D"]))
            a["softcap"] = np.float64(call.softcap or 0.0)
            a["causal"] = hdf5.ascii_string(call.causal or "none")
            left, right = call.window if call.window is not None else (None, None)
            a["window"] = np.int64(call.window is not None)
            a["window_left"] = np.int64(-1 if left is None else left)
            a["window_right"] = np.int64(-1 if right is None else right)
            a["lse"] = np.int64(call.wants_lse)
            for name in ("q", "k", "v"):
                hdf5.write_float(g, name, encode(getattr(call, name), call.dtype), call.dtype)
            for name in ("key_lengths", "query_lengths", "cu_seqlens_q", "cu_seqlens_k"):
                if getattr(call, name) is not None:
                    g.create_dataset(name, data=np.asarray(getattr(call, name), dtype="<i8"))
            for name in ("bias", "alibi_slopes"):
                if getattr(call, name) is not None:
                    g.create_dataset(name, data=np.asarray(getattr(call, name), dtype="<f8"))
            if call.mask is not None:
                g.create_dataset("mask", data=np.asarray(call.mask, dtype=np.uint8))


def _dims(call):
    B, Sq, Hq, D = call.q.shape
    _, Skv, Hkv, _ = call.k.shape
    return dict(B=B, Sq=Sq, Skv=Skv, Hq=Hq, Hkv=Hkv, D=D, Dv=call.v.shape[3])
