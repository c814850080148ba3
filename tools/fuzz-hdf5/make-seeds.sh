#!/bin/sh
# Writes a seed corpus of small valid fixture files (about 8-12 KB each) for `make fuzz-hdf5`: the shrunk
# failing problems `attest fuzz` finds for mutants that each need a different part of the schema (GQA heads,
# key padding, causal masks, bias, a boolean mask, ALiBi slopes, packed sequences, a window, Dv != D, lse),
# written by the Swift FixtureWriter (FuzzFixtures) and verified by `attest fixtures verify`.
# Usage: tools/fuzz-hdf5/make-seeds.sh ATTEST OUT_DIR
set -eu
attest=$1; out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for m in gqa-tiled key-padding-ignored query-padding-ignored causal-alignment-swapped bias-broadcast-axis-swapped \
         bool-mask-inverted-broadcast alibi-sign-flipped packed-leak window-off-by-one dv-as-d lse-base2 softcap-missing; do
  "$attest" list --mutants | grep -q "^  mutant/$m$" || continue
  OPENBLAS_NUM_THREADS=1 "$attest" fuzz --kernel "mutant/$m" --seconds 30 --seed 1 --max-failures 2 --in-process \
    --out "$tmp/$m" > /dev/null || true
  for f in "$tmp/$m"/*.h5; do [ -f "$f" ] && cp "$f" "$out/seed-$m.h5"; done
done
"$attest" fixtures verify "$out"
