#!/usr/bin/env python3
"""The oracle a Python user writes: attention in numpy float64, one head at a time.

For each shape of `attest bench-kernels` (B = 1, Hq = Hkv = --heads, Sq = Skv = S,
D = Dv), causal (bottom-right, here Sq = Skv so the diagonal) or not, times

    for h in heads:  s = scale * q_h @ k_h.T;  s[hidden] = -inf;  m = s.max(1)
                     p = exp(s - m);  l = p.sum(1);  o_h = (p @ v_h) / l;  lse = m + log(l)

in float64 (numpy's BLAS dgemm for the two products, with the threads its
OpenBLAS is given: OPENBLAS_NUM_THREADS), best of --repeats; the options, the
timing and the JSON rows are peer_timing.py's.
"""
import os

import numpy as np

import peer_timing


def attention(q, k, v, causal):
    heads, s, d = q.shape[1], q.shape[0], q.shape[2]
    scale = 1.0 / np.sqrt(d)
    hidden = np.triu(np.ones((s, s), dtype=bool), 1) if causal else None
    o = np.empty_like(v)
    lse = np.empty((heads, s))
    for h in range(heads):
        scores = scale * (q[:, h, :] @ k[:, h, :].T)
        if hidden is not None:
            scores[hidden] = -np.inf
        m = scores.max(axis=1, keepdims=True)
        p = np.exp(scores - m)
        total = p.sum(axis=1, keepdims=True)
        o[:, h, :] = (p @ v[:, h, :]) / total
        lse[h] = (m + np.log(total))[:, 0]
    return o, lse


def main():
    def inputs(rng, s, heads, d):
        return tuple(rng.uniform(-1, 1, (s, heads, d)) for _ in range(3))

    threads = int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count() or 1))
    peer_timing.run(__doc__.splitlines()[0], "numpy", threads, inputs, lambda qkv, causal: attention(*qkv, causal))


if __name__ == "__main__":
    main()
