"""What numpy-reference.py and jax-reference.py share: the bench-kernels shapes, best-of timing and the JSON rows.

`run(description, name, threads, inputs, call)` parses --seq, --head-dims, --heads, --repeats and --out; for each
head size d and length s it builds `state = inputs(rng, s, heads, d)` and times `call(state, causal)` for causal
False and True (best of --repeats), then writes a JSON list of {headDim, length, causal, seconds, gflops, threads}
with gflops = 4 * Hq * S * S * D / seconds / 1e9 (the same count for causal, as bench-kernels counts it).
"""
import argparse
import json
import os
import time

import numpy as np


def run(description, name, threads, inputs, call):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seq", default="1024,4096")
    parser.add_argument("--head-dims", default="64,128")
    parser.add_argument("--heads", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    rows = []
    for d in [int(x) for x in args.head_dims.split(",")]:
        for s in [int(x) for x in args.seq.split(",")]:
            state = inputs(rng, s, args.heads, d)
            for causal in (False, True):
                best = float("inf")
                for _ in range(args.repeats):
                    t0 = time.perf_counter()
                    call(state, causal)
                    best = min(best, time.perf_counter() - t0)
                gflops = 4 * args.heads * s * s * d / best / 1e9
                rows.append({"headDim": d, "length": s, "causal": causal, "seconds": best, "gflops": gflops,
                             "threads": threads})
                print(f"  {name} D={d} S={s}{' causal' if causal else ''}: {best:.3f} s, {gflops:.2f} GFLOP/s", flush=True)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=1)
