"""The response file (`docs/external-kernels.md` §4): written by `serve`, read back by `read_response`.

Each call's group holds exactly one form: `o` (and `lse` when the call asks for it), or the string attribute
`not_supported`, or the string attribute `error`.
"""
from dataclasses import dataclass
from typing import Optional

import h5py
import numpy as np

from . import hdf5
from .elements import encode

# Reasons and messages are cut to this many characters (the stderr of the kernel keeps the whole traceback).
MESSAGE_LIMIT = 2000
LSE_DTYPES = {"f64": np.float64, "f32": np.float32}


def write_output(group, call, o, lse, lse_dtype):
    """Write `o` in the call's element type (rounded once, to nearest even) and, when asked, `lse` in `lse_dtype`."""
    hdf5.write_float(group, "o", encode(o, call.dtype), call.dtype)
    if call.wants_lse:
        lse = np.asarray(lse)
        if lse.dtype.kind not in "fiu":
            raise TypeError(f"lse must be a real array, got dtype {lse.dtype}")
        group.create_dataset("lse", data=lse.astype(LSE_DTYPES[lse_dtype]))


def write_not_supported(group, reason):
    group.attrs["not_supported"] = hdf5.ascii_string(reason or "no reason given", MESSAGE_LIMIT)


def write_error(group, message):
    group.attrs["error"] = hdf5.ascii_string(message or "no message", MESSAGE_LIMIT)


@dataclass
class Answer:
    """One group of a response, read back: exactly one of (o), not_supported, error is set."""

    o: Optional[np.ndarray] = None          # widened exactly (bfloat16 to float32)
    o_type: Optional[str] = None            # its stored element type
    lse: Optional[np.ndarray] = None
    not_supported: Optional[str] = None
    error: Optional[str] = None


def read_response(path):
    """{group name: Answer} of a response file (the kit's tests and a kernel author's checks use it)."""
    answers = {}
    with h5py.File(path, "r") as f:
        for name, g in f.items():
            answer = Answer(not_supported=_text(g, "not_supported"), error=_text(g, "error"))
            if "o" in g:
                answer.o_type = hdf5.stored_element_type(g["o"])
                answer.o = hdf5.read_float(g["o"], answer.o_type)
            if "lse" in g:
                answer.lse = g["lse"][()]
            answers[name] = answer
    return answers


def _text(group, key):
    return hdf5.text(group.attrs[key]) if key in group.attrs else None
