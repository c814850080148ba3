#!/usr/bin/env python3
"""The oracle a Python user writes: attention in numpy float64, one head at a time.

For each shape of `attest bench-kernels` (B = 1, Hq = Hkv = --heads, Sq = Skv = S,
D = Dv), causal (bottom-right, here Sq = Skv so the diagonal) or not, times

    for h in heads:  s = scale * q_h @ k_h.T;  s[hidden] = -inf;  m = s.max(1)
                     p = exp(s - m);  l = p.sum(1);  o_h = (p @ v_h) / l;  lse = m + log(l)

in float64 (numpy's BLAS dgemm for the two products, with the threads its
OpenBLAS is given: OPENBLAS_NUM_THREADS), best of --repeats, and writes a JSON
list of {headDim, length, causal, seconds, gflops, threads} with
gflops = 4 * Hq * S * S * D / seconds / 1e9 (the same count for causal).
"""
import argparse
import json
import os
import time

import numpy as np


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seq", default="1024,4096")
    parser.add_argument("--head-dims", default="64,128")
    parser.add_argument("--heads", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count() or 1))
    rows = []
    for d in [int(x) for x in args.head_dims.split(",")]:
        for s in [int(x) for x in args.seq.split(",")]:
            q, k, v = (rng.uniform(-1, 1, (s, args.heads, d)) for _ in range(3))
            for causal in (False, True):
                best = float("inf")
                for _ in range(args.repeats):
                    t0 = time.perf_counter()
                    attention(q, k, v, causal)
                    best = min(best, time.perf_counter() - t0)
                gflops = 4 * args.heads * s * s * d / best / 1e9
                rows.append({"headDim": d, "length": s, "causal": causal, "seconds": best, "gflops": gflops,
                             "threads": threads})
                print(f"  numpy D={d} S={s}{' causal' if causal else ''}: {best:.2f} s, {gflops:.2f} GFLOP/s", flush=True)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
