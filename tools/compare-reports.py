#!/usr/bin/env python3
"""Compare two report trees written by `make report` (or `attest certify`), before and after a change.

    tools/compare-reports.py BEFORE_DIR AFTER_DIR

Every folder holding a certificate.json is a configuration. For each configuration in either tree it compares
the certificate field by field and results.jsonl line by line, leaving out what measures time or names the
build rather than the behaviour:

- results.jsonl: time_s, kernel_s, reference_s;
- certificate.json: run.started_utc, run.finished_utc, run.wall_s, suite.git_commit, suite.git_dirty,
  environment.load_average (when present) and results.sha256 (the hash of a file that holds timings).

Everything else must be equal: case ids, verdicts, reasons, tags, every error number, counts, the verdict and
its reasons, profile and fixture hashes, capabilities. Prints one line per difference (at most --most per
configuration) and a summary line `N configurations equal, M differ, K only on one side`; exits 0 when all
configurations are equal and 1 otherwise.

A deliberate format change is named on the command line, never hidden: `--ignore certificate.schema` leaves out
one more field (a dotted path as printed), and `--rename float32=f32` rewrites that word in every string of the
BEFORE tree (whole words only) before comparing, e.g. for a renamed spelling.
"""
import argparse, json, os, re, sys

RESULT_TIMING = {"time_s", "kernel_s", "reference_s"}
CERT_TIMING = {("run", "started_utc"), ("run", "finished_utc"), ("run", "wall_s"), ("suite", "git_commit"),
               ("suite", "git_dirty"), ("environment", "load_average"), ("results", "sha256")}


def configurations(root):
    found = {}
    for folder, _, files in os.walk(root):
        if "certificate.json" in files:
            found[os.path.relpath(folder, root)] = folder
    return found


def strip_certificate(cert):
    for outer, inner in CERT_TIMING:
        if isinstance(cert.get(outer), dict):
            cert[outer].pop(inner, None)
    return cert


IGNORED = set()
RENAMES = []


def renamed(value):
    """`value` with every --rename applied to its strings (whole words)."""
    if isinstance(value, str):
        for old, new in RENAMES:
            value = re.sub(rf"\b{re.escape(old)}\b", new, value)
        return value
    if isinstance(value, list):
        return [renamed(v) for v in value]
    if isinstance(value, dict):
        return {k: renamed(v) for k, v in value.items()}
    return value


def diff(a, b, path, out):
    """Appends `path: before != after` for every leaf that differs."""
    if path in IGNORED:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a:
                out.append(f"{path}.{key}: only after ({json.dumps(b[key])[:120]})")
            elif key not in b:
                out.append(f"{path}.{key}: only before ({json.dumps(a[key])[:120]})")
            else:
                diff(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a)[:160]} != {json.dumps(b)[:160]}")


def read_results(folder):
    rows = []
    with open(os.path.join(folder, "results.jsonl")) as f:
        for line in f:
            row = json.loads(line)
            for key in RESULT_TIMING:
                row.pop(key, None)
            rows.append(row)
    return rows


def compare(before, after):
    out = []
    with open(os.path.join(before, "certificate.json")) as f:
        cb = renamed(strip_certificate(json.load(f)))
    with open(os.path.join(after, "certificate.json")) as f:
        ca = strip_certificate(json.load(f))
    diff(cb, ca, "certificate", out)
    rb, ra = renamed(read_results(before)), read_results(after)
    if len(rb) != len(ra):
        out.append(f"results.jsonl: {len(rb)} lines before, {len(ra)} after")
    for n, (x, y) in enumerate(zip(rb, ra)):
        diff(x, y, f"results.jsonl line {n + 1} ({x.get('id', '?')})", out)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--most", type=int, default=20, help="difference lines printed per configuration")
    parser.add_argument("--ignore", action="append", default=[], metavar="FIELD",
                        help="one more field to leave out, as printed (certificate.schema); repeatable")
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                        help="rewrite the word OLD as NEW in the before tree's strings; repeatable")
    args = parser.parse_args()
    IGNORED.update(args.ignore)
    for pair in args.rename:
        old, sep, new = pair.partition("=")
        if not sep or not old:
            parser.error(f"--rename takes OLD=NEW, got {pair!r}")
        RENAMES.append((old, new))
    before, after = configurations(args.before), configurations(args.after)
    if not before and not after:
        print(f"no certificate.json under {args.before} or {args.after}")
        return 1
    equal = differ = lonely = 0
    for name in sorted(set(before) | set(after)):
        if name not in after or name not in before:
            lonely += 1
            print(f"ONLY {'BEFORE' if name in before else 'AFTER'}  {name}")
            continue
        lines = compare(before[name], after[name])
        if lines:
            differ += 1
            print(f"DIFF  {name}  ({len(lines)} difference(s))")
            for line in lines[: args.most]:
                print(f"      {line}")
            if len(lines) > args.most:
                print(f"      ... {len(lines) - args.most} more")
        else:
            equal += 1
            print(f"SAME  {name}")
    print(f"{equal} configurations equal, {differ} differ, {lonely} only on one side")
    return 0 if differ == 0 and lonely == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
