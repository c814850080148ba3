#!/usr/bin/env python3
"""The kernel a JAX user on a CPU would pick: jax.nn.dot_product_attention, timed on the shapes of bench-kernels.

For each shape of `attest bench-kernels` (B = 1, Hq = Hkv = --heads, Sq = Skv = S,
D = Dv), causal (is_causal=True: Sq = Skv, so the diagonal) or not, times one
jit-compiled call of

    jax.nn.dot_product_attention(q, k, v, is_causal=causal, implementation="xla")

on float32 inputs drawn uniform in [-1, 1], layout [B, S, H, D] (Attest's), after
one call that compiles it; best of --repeats, each waited for with
block_until_ready. XLA's CPU thread pool sizes itself from the machine's cores, so
the thread count is set from outside: `make bench` runs this script once under
`taskset -c 0` (1 core) and once on every core, and "threads" in the output is
the number of cores this process may run on (os.sched_getaffinity).

Writes a JSON list of {headDim, length, causal, seconds, gflops, threads} with
gflops = 4 * Hq * S * S * D / seconds / 1e9 (the same count for causal, as
bench-kernels counts it).
"""
import argparse
import json
import os
import time

import jax
import jax.numpy as jnp
import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seq", default="1024,4096")
    parser.add_argument("--head-dims", default="64,128")
    parser.add_argument("--heads", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    threads = len(os.sched_getaffinity(0))
    rng = np.random.default_rng(0)
    attention = jax.jit(
        lambda q, k, v, causal: jax.nn.dot_product_attention(q, k, v, is_causal=causal, implementation="xla"),
        static_argnums=3)
    rows = []
    for d in [int(x) for x in args.head_dims.split(",")]:
        for s in [int(x) for x in args.seq.split(",")]:
            q, k, v = (jnp.asarray(rng.uniform(-1, 1, (1, s, args.heads, d)).astype(np.float32)) for _ in range(3))
            for causal in (False, True):
                attention(q, k, v, causal).block_until_ready()  # compile
                best = float("inf")
                for _ in range(args.repeats):
                    t0 = time.perf_counter()
                    attention(q, k, v, causal).block_until_ready()
                    best = min(best, time.perf_counter() - t0)
                gflops = 4 * args.heads * s * s * d / best / 1e9
                rows.append({"headDim": d, "length": s, "causal": causal, "seconds": best, "gflops": gflops,
                             "threads": threads})
                print(f"  jax ({threads} cores) D={d} S={s}{' causal' if causal else ''}: {best:.3f} s, {gflops:.2f} GFLOP/s",
                      flush=True)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
