"""What a kernel declares once, printed by `COMMAND --capabilities` (`docs/external-kernels.md` §2).

Attest validates the JSON and names any problem; the kit only checks what it needs itself (that lse has a
precision when it is declared), so the rules stay written once, in Attest.
"""
import json
from dataclasses import dataclass, field
from typing import Optional

from .request import PROTOCOL_VERSION

KIT_NAME = "attest-kit"


@dataclass
class Capabilities:
    """A kernel's declaration. Undeclared means unsupported: Attest never sends a call that needs it.

    dtypes: element types of q, k, v and o, as in case ids: "f64", "f32", "f16", "bf16".
    features: by the names of `attest list`: causal_tl, causal_br, window, key_padding, query_padding, varlen,
        bool_mask, bias, alibi, softcap, gqa, dv_ne_d, lse (`docs/semantics.md` §12).
    fully_masked_rows: "zero" (o = 0, lse = -inf: the contract) or "nan" (o = NaN, lse = -inf or NaN).
    deterministic: two calls on the same inputs give identical bits.
    max_head_dim: the largest D and Dv accepted, None for no limit.
    lse_dtype: "f64" or "f32", the precision lse is stored in; required when features hold "lse".
    name: the kernel's name in reports (`exec:NAME`); None lets Attest take the script's file name.
    """

    dtypes: list
    features: list = field(default_factory=list)
    fully_masked_rows: str = "zero"
    deterministic: bool = True
    max_head_dim: Optional[int] = None
    lse_dtype: Optional[str] = None
    name: Optional[str] = None

    def __post_init__(self):
        if "lse" in self.features and self.lse_dtype is None:
            raise ValueError("features hold 'lse': say which precision lse is stored in, lse_dtype='f64' or 'f32'")

    @property
    def has_lse(self):
        return "lse" in self.features

    def to_json(self, kit_version):
        """The JSON object of the protocol, with the kit's name and version."""
        obj = {"protocol_version": PROTOCOL_VERSION}
        if self.name is not None:
            obj["name"] = self.name
        obj.update(dtypes=list(self.dtypes), features=list(self.features),
                   fully_masked_rows=self.fully_masked_rows, deterministic=bool(self.deterministic))
        if self.max_head_dim is not None:
            obj["max_head_dim"] = int(self.max_head_dim)
        if self.lse_dtype is not None:
            obj["lse_dtype"] = self.lse_dtype
        obj["kit"] = {"name": KIT_NAME, "version": kit_version}
        return json.dumps(obj)
