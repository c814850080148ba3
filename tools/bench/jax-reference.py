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

The options, the timing and the JSON rows ({headDim, length, causal, seconds,
gflops, threads}) are peer_timing.py's.
"""
import os

import jax
import jax.numpy as jnp
import numpy as np

import peer_timing


def main():
    attention = jax.jit(
        lambda q, k, v, causal: jax.nn.dot_product_attention(q, k, v, is_causal=causal, implementation="xla"),
        static_argnums=3)

    def inputs(rng, s, heads, d):
        qkv = tuple(jnp.asarray(rng.uniform(-1, 1, (1, s, heads, d)).astype(np.float32)) for _ in range(3))
        for causal in (False, True):
            attention(*qkv, causal).block_until_ready()  # compile
        return qkv

    threads = len(os.sched_getaffinity(0))
    peer_timing.run(__doc__.splitlines()[0], f"jax ({threads} cores)", threads, inputs,
                    lambda qkv, causal: attention(*qkv, causal).block_until_ready())


if __name__ == "__main__":
    main()
