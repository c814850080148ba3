#!/usr/bin/env python3
"""Attention in numpy, every feature of the contract (`docs/semantics.md`), certified through attest-kit.

    attest certify --exec '.venv/bin/python examples/numpy/kernel.py' --profile standard

Precision: q, k, v, bias and slopes are widened exactly to float64; scores, softmax, lse and the weighted sum
of values are all computed in float64; o is rounded once to the call's element type by the kit, lse is stored
in float64. Dimensions: B, Sq, Skv, Hq, Hkv, D, Dv as in `docs/semantics.md` §1.
"""
import numpy as np

import attest_kit as kit

CAPABILITIES = kit.Capabilities(
    name="numpy-example",
    dtypes=["f64", "f32", "f16", "bf16"],
    features=["causal_tl", "causal_br", "window", "key_padding", "query_padding", "varlen", "bool_mask",
              "bias", "alibi", "softcap", "gqa", "dv_ne_d", "lse"],
    fully_masked_rows="zero",
    deterministic=True,
    lse_dtype="f64",
)


def segments(B, Sq, Skv, key_lengths, query_lengths, cu_seqlens_q, cu_seqlens_k):
    """Segment-local positions (semantics §4) as arrays over [B, Sq, Skv]: i', j', the segment's skv − sq, and
    whether key j is in query i's segment (False on every key of a query outside all segments)."""
    i = np.arange(Sq)[None, :, None]
    j = np.arange(Skv)[None, None, :]
    if cu_seqlens_q is not None:
        cq, ck = np.asarray(cu_seqlens_q), np.asarray(cu_seqlens_k)
        n = len(cq) - 1
        qs = np.searchsorted(cq, np.arange(Sq), side="right") - 1      # sequence of each query (n: none)
        ks = np.searchsorted(ck, np.arange(Skv), side="right") - 1
        qs_c = np.clip(qs, 0, n - 1)
        ip = (np.arange(Sq) - cq[qs_c])[None, :, None]
        jp = np.arange(Skv)[None, None, :] - ck[qs_c][None, :, None]
        off = ((ck[qs_c + 1] - ck[qs_c]) - (cq[qs_c + 1] - cq[qs_c]))[None, :, None]
        inside = ((qs[:, None] == ks[None, :]) & (qs[:, None] < n))[None]
        return ip, jp, off, inside
    sq = np.full(B, Sq) if query_lengths is None else np.asarray(query_lengths)
    skv = np.full(B, Skv) if key_lengths is None else np.asarray(key_lengths)
    inside = (i < sq[:, None, None]) & (j < skv[:, None, None])
    return i, j, (skv - sq)[:, None, None], inside


def attention(q, k, v, *, scale, softcap, causal, window, bias, alibi_slopes, key_lengths, query_lengths,
              cu_seqlens_q, cu_seqlens_k, mask, dtype):
    B, Sq, Hq, D = q.shape
    Skv, Hkv = k.shape[1], k.shape[2]
    group = Hq // Hkv
    q64 = q.astype(np.float64)
    k64 = np.repeat(k.astype(np.float64), group, axis=2)          # query head h reads kv head h // group
    v64 = np.repeat(v.astype(np.float64), group, axis=2)

    s = scale * np.einsum("bihd,bjhd->bhij", q64, k64)             # [B, Hq, Sq, Skv]
    if softcap is not None:
        s = softcap * np.tanh(s / softcap)
    if bias is not None:
        s = s + bias
    ip, jp, off, visible = segments(B, Sq, Skv, key_lengths, query_lengths, cu_seqlens_q, cu_seqlens_k)
    if alibi_slopes is not None:
        s = s - alibi_slopes[None, :, None, None] * np.abs(ip + off - jp)[:, None]
    if causal == "top_left":
        visible = visible & (jp <= ip)
    elif causal == "bottom_right":
        visible = visible & (jp <= ip + off)
    if window is not None:
        left, right = window
        if left is not None:
            visible = visible & (jp >= ip + off - left)
        if right is not None:
            visible = visible & (jp <= ip + off + right)
    visible = visible[:, None]                                     # [B, 1, Sq, Skv]
    if mask is not None:
        visible = visible & mask
    visible = np.broadcast_to(visible, s.shape)
    s = np.where(visible, s, -np.inf)                              # hidden keys are never read (NaN included)

    with np.errstate(invalid="ignore", divide="ignore"):
        m = s.max(axis=-1, keepdims=True)
        empty = np.isneginf(m)                                     # fully masked rows: o = 0, lse = -inf
        p = np.where(visible, np.exp(s - np.where(empty, 0.0, m)), 0.0)
        total = p.sum(axis=-1, keepdims=True)
        lse = np.where(empty, -np.inf, m + np.log(total))[..., 0]  # [B, Hq, Sq]
        w = np.where(empty, 0.0, p / np.where(empty, 1.0, total))
        o = weighted_values(w, v64)
    return o, lse


def weighted_values(w, v):
    """o[b,i,h,:] = Σ_j w[b,h,i,j]·v[b,j,h,:] in float64, where a key of weight 0 is not read: a NaN or ±inf
    value under a hidden key changes nothing (semantics §7), under a visible one it reaches o."""
    finite = np.isfinite(v)
    o = np.einsum("bhij,bjhd->bihd", w, np.where(finite, v, 0.0))
    bad_b, bad_j, bad_h = np.nonzero(~finite.all(axis=-1))
    for b, j, h in zip(bad_b, bad_j, bad_h):
        rows = np.nonzero(w[b, h, :, j] != 0)[0]
        with np.errstate(invalid="ignore"):
            o[b, rows, h, :] += w[b, h, rows, j][:, None] * np.where(finite[b, j, h], 0.0, v[b, j, h])[None, :]
    return o


if __name__ == "__main__":
    kit.serve(attention, CAPABILITIES)
