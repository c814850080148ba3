#!/usr/bin/env python3
"""Check the report folders of one `attest certify --all` run (`make conformance`): every configuration's
certificate says CERTIFIED, no case blocks (only PASS and NOT_SUPPORTED), and every NOT_SUPPORTED case names
its reason (a CERTIFIED run executed exactly the ids of its selection, each once: certification rule 1); every
folder named by --all-pass (e.g. `reference`) has PASS on every case.
Usage: conformance-check.py ROOT [--all-pass FOLDER]...; prints one line per configuration, exits 1 naming each
problem, 0 when there is none."""
import json, pathlib, sys

root = pathlib.Path(sys.argv[1])
all_pass = {sys.argv[i + 1] for i in range(2, len(sys.argv) - 1) if sys.argv[i] == "--all-pass"}
problems = []
certificates = sorted(root.rglob("certificate.json"))
if not certificates:
    problems.append(f"{root}: no certificate.json below it")
for path in certificates:
    folder = path.parent
    verdict = json.loads(path.read_text())["verdict"]
    rows = [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines() if line.strip()]
    blocking = [r for r in rows if r["verdict"] not in ("PASS", "NOT_SUPPORTED")]
    silent = [r for r in rows if r["verdict"] == "NOT_SUPPORTED" and not r.get("reason")]
    print(f"{verdict:14} {len(rows):4} cases, {len(blocking)} blocking  {folder}")
    if verdict != "CERTIFIED":
        problems.append(f"{folder}: verdict {verdict}")
    for r in blocking[:3]:
        problems.append(f"{folder}: {r['verdict']} {r['id']}: {r.get('reason') or ''}")
    for r in silent[:3]:
        problems.append(f"{folder}: NOT_SUPPORTED without a reason: {r['id']}")
    if folder.name in all_pass:
        all_pass.discard(folder.name)
        not_passed = [r["id"] for r in rows if r["verdict"] != "PASS"]
        if not_passed:
            problems.append(f"{folder}: {len(not_passed)} case(s) not PASS, first {not_passed[0]}")
for name in sorted(all_pass):
    problems.append(f"{root}: no report folder {name} (--all-pass)")
for p in problems:
    print(f"problem: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
