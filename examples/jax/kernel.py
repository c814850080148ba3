#!/usr/bin/env python3
"""`jax.nn.dot_product_attention` (JAX 0.10.2, CPU, implementation "xla") certified through attest-kit.

    make jax    # installs examples/jax/requirements.txt into .venv
    attest certify --exec '.venv/bin/python examples/jax/kernel.py' --profile standard

A thin adapter: every feature declared is one JAX passes to its own API, unchanged, and nothing JAX lacks is
emulated (no bottom-right causal through a boolean mask, no ALiBi through a bias). What JAX's API takes:

| contract (docs/semantics.md) | JAX argument | declared |
|---|---|---|
| causal top-left `j <= i` | `is_causal=True` (`tril` of the [Sq, Skv] logits) | causal_tl |
| causal bottom-right | none | no |
| window (left, right), bottom-right aligned | `local_window_size=(left, right)`: `i - left <= j <= i + right`, **top-left** aligned | window, declined per call unless both alignments agree (every padded and unpadded segment has skv = sq) |
| additive bias `[1|B, 1|Hq, Sq, Skv]` | `bias` (added to the scaled logits) | bias |
| boolean mask, True = visible | `mask` | bool_mask |
| key / query padding lengths | `key_value_seq_lengths` / `query_seq_lengths` (int32) | key_padding, query_padding |
| GQA / MQA, head h reads kv head h // (Hq/Hkv) | native (query reshaped `(B, T, K, G, H)`) | gqa |
| Dv != D | refused: "value ... should have the same shape as the key" | no |
| softcap, ALiBi, packed sequences | none | no |
| lse | `return_residual=True`, in the element type of k (`.astype(key.dtype)`) | lse (stored as f64: an exact widening) |
| fully masked rows | masked logits are set to `-0.7 · float32 max`, not -inf: the softmax is uniform, o = mean of v over **all** keys and lse ≈ -2.38e38; rows past `query_seq_lengths` are then multiplied by 0 (o = 0, lse still ≈ -2.38e38) | `zero`, the contract: the closest of the two policies, see FINDINGS.md |

Element types: float32, float16 and bfloat16. float64 is not declared: JAX takes it (with `jax_enable_x64`;
without it JAX silently computes in float32) but keeps the softmax in float32. Precision inside JAX (`jax/_src/nn/functions.py`): q·k in float32 for float16/bfloat16
inputs (float64 for float64), the softmax always in **float32**, the probabilities cast to the element type
of v, then P·V in that element type.
"""
import os
import tempfile

os.environ.setdefault("JAX_PLATFORMS", "cpu")
# Compiled programs persist across the batches (each batch is a new process): set the variable to move it.
os.environ.setdefault("JAX_COMPILATION_CACHE_DIR", os.path.join(tempfile.gettempdir(), "attest-jax-cache"))
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")

import jax                                   # noqa: E402
import jax.numpy as jnp                      # noqa: E402
import numpy as np                           # noqa: E402

import attest_kit as kit                     # noqa: E402

jax.config.update("jax_enable_x64", True)

JAX_DTYPES = {"float64": jnp.float64, "float32": jnp.float32, "float16": jnp.float16, "bfloat16": jnp.bfloat16}

CAPABILITIES = kit.Capabilities(
    name="jax-dot-product-attention",
    # Not f64: JAX accepts float64 (with jax_enable_x64) but computes the softmax and lse in float32, so its
    # float64 results are float32-accurate (FINDINGS.md, finding 1).
    dtypes=["f32", "f16", "bf16"],
    features=["causal_tl", "window", "key_padding", "query_padding", "bool_mask", "bias", "gqa", "lse"],
    fully_masked_rows="zero",
    deterministic=True,
    lse_dtype="f64",
)


def window_argument(window, B, Sq, Skv, key_lengths, query_lengths):
    """JAX's `local_window_size` for the contract's window, or NotSupported when the alignments differ."""
    if window is None:
        return None
    skv = np.full(B, Skv) if key_lengths is None else np.asarray(key_lengths)
    sq = np.full(B, Sq) if query_lengths is None else np.asarray(query_lengths)
    if np.any(skv - sq != 0):
        raise kit.NotSupported(
            "jax.nn.dot_product_attention aligns local_window_size top-left (i - left <= j <= i + right); the "
            "contract aligns the window bottom-right, which differs when a segment's skv != sq")
    left, right = window
    unbounded = max(Sq, Skv)
    return (unbounded if left is None else int(left), unbounded if right is None else int(right))


# One XLA compilation per shape and configuration; eager dispatch compiles each primitive for every new shape,
# which costs seconds per call on 2 busy cores. float16 runs eagerly: under jax.jit, JAX 0.10.2 on CPU raises
# "The precision 'F16_F16_F32' is not supported by dot_general on CPU", because the try/except that falls back
# to the default precision only catches the error when the einsum executes eagerly (FINDINGS.md, finding 2).
JITTED = jax.jit(jax.nn.dot_product_attention,
                 static_argnames=("scale", "is_causal", "local_window_size", "implementation", "return_residual"))


def dot_product_attention(dtype):
    return jax.nn.dot_product_attention if dtype == "float16" else JITTED


def attention(q, k, v, *, scale, causal, window, softcap, bias, alibi_slopes, key_lengths, query_lengths,
              cu_seqlens_q, cu_seqlens_k, mask, dtype):
    B, Sq, Hq, D = q.shape
    Skv = k.shape[1]
    element = JAX_DTYPES[dtype]
    # Conversions happen in numpy (ml_dtypes' bfloat16 is JAX's), so the only compiled program is the attention.
    o, lse = dot_product_attention(dtype)(
        jnp.asarray(q.astype(element)), jnp.asarray(k.astype(element)), jnp.asarray(v.astype(element)),
        bias=None if bias is None else jnp.asarray(bias),
        mask=None if mask is None else jnp.asarray(mask),
        scale=float(scale),
        is_causal=causal == "top_left",
        query_seq_lengths=None if query_lengths is None else jnp.asarray(query_lengths.astype(np.int32)),
        key_value_seq_lengths=None if key_lengths is None else jnp.asarray(key_lengths.astype(np.int32)),
        local_window_size=window_argument(window, B, Sq, Skv, key_lengths, query_lengths),
        implementation="xla",
        return_residual=True,
    )
    # o [B, Sq, Hq, Dv] and the residual lse [B, Sq, Hq], both in the element type: widened exactly.
    return (np.asarray(o).astype(np.float64 if dtype == "float64" else np.float32),
            np.asarray(lse).astype(np.float64).transpose(0, 2, 1))


if __name__ == "__main__":
    kit.serve(attention, CAPABILITIES)
