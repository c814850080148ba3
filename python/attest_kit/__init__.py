"""attest-kit: write an attention kernel in Python and certify it with `attest certify --exec`.

    import attest_kit as kit

    def attention(q, k, v, *, scale, causal, window, softcap, bias, alibi_slopes, key_lengths,
                  query_lengths, cu_seqlens_q, cu_seqlens_k, mask, dtype):
        ...
        return o, lse

    kit.serve(attention, kit.Capabilities(dtypes=["f32"], features=["causal_tl", "lse"], lse_dtype="f64"))

The protocol is `docs/external-kernels.md`; the contract the kernel computes is `docs/semantics.md`.
"""
__version__ = "0.1.0"

from .call import Call
from .capabilities import Capabilities
from .elements import encode
from .request import read_request, write_request
from .response import Answer, read_response
from .serve import NotSupported, run, serve

__all__ = ["Answer", "Call", "Capabilities", "NotSupported", "encode", "read_request", "read_response", "run",
           "serve", "write_request", "__version__"]
