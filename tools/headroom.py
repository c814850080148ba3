#!/usr/bin/env python3
"""Largest headroom (max_abs / bound) of the cases judged in one or more `attest certify --all` runs (`make
calibrate`, `make conformance`): per element type and tensor (o, lse), and per case family tag, each with the
configuration and case where it peaked, and the verdict counts. A headroom near 1 is a case close to a false
rejection: the figures the tolerance policy's calibration records (docs/tolerance.md).
Usage: headroom.py ROOT... (each ROOT holds <configuration>/results.jsonl, at any depth)."""
import collections, json, pathlib, sys

DTYPES = ("f16", "bf16", "f32", "f64")
FAMILIES = ("ragged", "head_dim", "decode", "hidden_nonfinite", "packing", "wide_window", "gqa_breadth", "layout")

worst = {}      # (dtype, tensor) -> (headroom, configuration, id)
by_family = {}  # family -> (headroom, configuration, id)
verdicts = collections.Counter()
runs = 0
for root in map(pathlib.Path, sys.argv[1:]):
    for path in sorted(root.rglob("results.jsonl")):
        runs += 1
        configuration = path.parent.name
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            verdicts[row["verdict"]] += 1
            tags = set(row.get("tags", []))
            dtype = next((d for d in DTYPES if d in tags), "?")
            for report in row.get("errors", []):
                headroom = report.get("headroom")
                if headroom is None:
                    continue
                place = (headroom, configuration, row["id"])
                key = (dtype, report["tensor"])
                if key not in worst or headroom > worst[key][0]:
                    worst[key] = place
                for family in FAMILIES:
                    if family in tags and (family not in by_family or headroom > by_family[family][0]):
                        by_family[family] = place

if runs == 0:
    sys.exit(f"headroom.py: no results.jsonl below {' '.join(sys.argv[1:])}")
print(f"{runs} runs, {sum(verdicts.values())} case results: " + ", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())))
for dtype in DTYPES:
    for tensor in ("o", "lse"):
        if (dtype, tensor) in worst:
            h, configuration, case = worst[(dtype, tensor)]
            print(f"{dtype:5} {tensor:4} {h:.3f}  {configuration}  {case}")
for family in FAMILIES:
    if family in by_family:
        h, configuration, case = by_family[family]
        print(f"family {family:17} {h:.3f}  {configuration}  {case}")
