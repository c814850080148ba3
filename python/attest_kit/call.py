"""One kernel call of a request: the attention problem of one group `/cNNNNNN` (`docs/external-kernels.md` §3).

Dimensions: B batch, Sq / Skv query / key lengths, Hq / Hkv query / key-value heads, D q·k head size,
Dv value head size. The meaning of every parameter is `docs/semantics.md`.
"""
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from . import hdf5

_CAUSAL = ("none", "top_left", "bottom_right")
_INDEX_DATASETS = ("key_lengths", "query_lengths", "cu_seqlens_q", "cu_seqlens_k")


@dataclass
class Call:
    """The arguments of one attention forward, as the kernel function receives them (`Call.arguments`)."""

    name: str                      # the group's name, e.g. "c000003"
    case_id: str                   # the case the call belongs to (informative)
    dtype: str                     # element type of q, k, v and o: float64, float32, float16, bfloat16
    q: np.ndarray                  # [B, Sq, Hq, D]   in elements.compute_dtype(dtype)
    k: np.ndarray                  # [B, Skv, Hkv, D]
    v: np.ndarray                  # [B, Skv, Hkv, Dv]
    scale: float                   # the effective scale (1/sqrt(D) when the case uses the default)
    softcap: Optional[float] = None                  # tanh cap c > 0, None for none
    causal: Optional[str] = None                     # None, "top_left" or "bottom_right"
    window: Optional[tuple] = None                   # (left, right), None on an unbounded side; None: no window
    bias: Optional[np.ndarray] = None                # float64 [1|B, 1|Hq, Sq, Skv], may hold -inf
    alibi_slopes: Optional[np.ndarray] = None        # float64 [Hq]
    key_lengths: Optional[np.ndarray] = None         # int64 [B]
    query_lengths: Optional[np.ndarray] = None       # int64 [B]
    cu_seqlens_q: Optional[np.ndarray] = None        # int64 [n+1], packed sequences (B = 1)
    cu_seqlens_k: Optional[np.ndarray] = None        # int64 [n+1]
    mask: Optional[np.ndarray] = None                # bool [1|B, 1|Hq, Sq, Skv], True = visible
    wants_lse: bool = False                          # the response must hold lse [B, Hq, Sq]
    dims: dict = field(default_factory=dict)         # B, Sq, Skv, Hq, Hkv, D, Dv

    def arguments(self):
        """The keyword arguments of the kernel function (everything but q, k, v)."""
        return dict(scale=self.scale, softcap=self.softcap, causal=self.causal, window=self.window,
                    bias=self.bias, alibi_slopes=self.alibi_slopes, key_lengths=self.key_lengths,
                    query_lengths=self.query_lengths, cu_seqlens_q=self.cu_seqlens_q,
                    cu_seqlens_k=self.cu_seqlens_k, mask=self.mask, dtype=self.dtype)

    @property
    def o_shape(self):
        d = self.dims
        return (d["B"], d["Sq"], d["Hq"], d["Dv"])

    @property
    def lse_shape(self):
        d = self.dims
        return (d["B"], d["Hq"], d["Sq"])

    @classmethod
    def read(cls, group):
        """Decode a request group; raises ValueError naming the group and the attribute or dataset at fault."""
        attrs = group.attrs

        def attr(key):
            if key not in attrs:
                raise ValueError(f"{group.name}: attribute {key!r} is missing")
            return attrs[key]

        dtype = hdf5.text(attr("dtype"))
        dims = {key: int(attr(key)) for key in ("B", "Sq", "Skv", "Hq", "Hkv", "D", "Dv")}
        causal = hdf5.text(attr("causal"))
        if causal not in _CAUSAL:
            raise ValueError(f"{group.name}: causal is {causal!r}, expected one of {', '.join(_CAUSAL)}")
        window = None
        if int(attrs.get("window", 0)) == 1:
            left, right = int(attr("window_left")), int(attr("window_right"))
            window = (None if left < 0 else left, None if right < 0 else right)
        softcap = float(attr("softcap"))
        q, k, v = (hdf5.read_float(group[x], dtype) if x in group else _missing(group, x) for x in ("q", "k", "v"))
        optional = {key: np.asarray(group[key][()], dtype=np.int64) for key in _INDEX_DATASETS if key in group}
        return cls(
            name=group.name.lstrip("/"), case_id=hdf5.text(attrs.get("case_id", b"")), dtype=dtype,
            q=q, k=k, v=v, scale=float(attr("scale")), softcap=softcap if softcap > 0 else None,
            causal=None if causal == "none" else causal, window=window,
            bias=np.asarray(group["bias"][()], dtype=np.float64) if "bias" in group else None,
            alibi_slopes=np.asarray(group["alibi_slopes"][()], dtype=np.float64) if "alibi_slopes" in group else None,
            mask=np.asarray(group["mask"][()]) != 0 if "mask" in group else None,
            wants_lse=int(attrs.get("lse", 0)) == 1, dims=dims, **optional)


def _missing(group, name):
    raise ValueError(f"{group.name}: dataset {name!r} is missing")
