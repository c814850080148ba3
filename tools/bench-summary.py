#!/usr/bin/env python3
"""Summarise a `make bench` run: cases/s, wall time, and the share of wall time outside the kernel and the
golden/baseline computation. Reads <dir>/certificate.json and <dir>/results.jsonl; prints the command, the
machine and the figures."""
import json, sys

folder = sys.argv[1]
cert = json.load(open(f"{folder}/certificate.json"))
rows = [json.loads(line) for line in open(f"{folder}/results.jsonl")]
wall = cert["run"]["wall_s"]
jobs = cert["run"]["jobs"]
kernel = sum(r["kernel_s"] for r in rows)
reference = sum(r["reference_s"] for r in rows)
busy = sum(r["time_s"] for r in rows)
env = cert["environment"]
print(f"command:  {cert['run']['command']}")
print(f"machine:  {env['cpu']}, {env['cores']} cores, {env['os']}, Swift {env['swift']}")
print(f"verdict:  {cert['verdict']} ({len(rows)} cases, profile {cert['profile']['name']}, {jobs} job(s))")
print(f"wall:     {wall:.1f} s   ({len(rows) / wall:.1f} cases/s)")
print(f"kernel:   {kernel:.1f} s thread time ({100 * kernel / busy:.0f}% of case time)")
print(f"golden+baseline (incl. fixture reads): {reference:.1f} s thread time ({100 * reference / busy:.0f}% of case time)")
outside = max(0.0, wall * jobs - kernel - reference)
print(f"outside kernel and golden: {outside:.1f} s of {wall * jobs:.1f} s thread-wall ({100 * outside / (wall * jobs):.1f}%)")
