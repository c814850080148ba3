#!/usr/bin/env python3
"""Every non-PASS case of an `attest certify` report folder, as Markdown tables for FINDINGS.md.

Usage: findings.py REPORT_DIR. One row per FAIL, ERROR, CRASH or TIMEOUT case: verdict, id, the failing
tensor with its measured error, bound and headroom (or its non-finite mismatches), and the runner's reason;
then the NOT_SUPPORTED cases grouped by reason, with their count and first id.
"""
import collections
import json
import pathlib
import sys


def rows(folder):
    for line in (pathlib.Path(folder) / "results.jsonl").read_text().splitlines():
        if line.strip():
            yield json.loads(line)


def describe(row):
    failed = [e for e in row.get("errors", []) if not e.get("passed", True)]
    parts = []
    for e in failed:
        text = f"{e['tensor']}: max_abs {e['max_abs']:.3g}, bound {e['bound']:.3g}, headroom {e['headroom']:.3g}"
        if e.get("nonfinite_mismatches"):
            text += f", {e['nonfinite_mismatches']} non-finite mismatches at {e.get('worst_index')}"
        parts.append(text)
    return "; ".join(parts) or "-"


def main(folder):
    results = list(rows(folder))
    counts = collections.Counter(r["verdict"] for r in results)
    print(f"{len(results)} cases: " + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())))
    print()
    print("| verdict | case id | measured (tensor: error, bound, headroom) | reason |")
    print("|---|---|---|---|")
    for r in results:
        if r["verdict"] not in ("PASS", "NOT_SUPPORTED"):
            print(f"| {r['verdict']} | `{r['id']}` | {describe(r)} | {cell(r.get('reason'))} |")
    unsupported = collections.defaultdict(list)
    for r in results:
        if r["verdict"] == "NOT_SUPPORTED":
            unsupported[r.get("reason") or ""].append(r["id"])
    print()
    print("| NOT_SUPPORTED cases | reason | first case |")
    print("|---|---|---|")
    for reason, ids in sorted(unsupported.items(), key=lambda item: -len(item[1])):
        print(f"| {len(ids)} | {cell(reason)} | `{ids[0]}` |")


def cell(text):
    return (text or "").replace("|", "\\|").replace("\n", " ")[:400]


if __name__ == "__main__":
    main(sys.argv[1])
