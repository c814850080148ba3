#!/usr/bin/env python3
"""Byte-flip and truncation campaign over the shipped fixtures (docs/reliability.md).

Every mutation is a copy of one fixtures/*.h5 file with 1, 8 or 64 random bytes
XOR-ed with a random nonzero value (half of them anywhere in the file, half in
its first 64 KiB, where HDF5 keeps the superblock and most object headers), or
truncated to a random length. `attest fixtures verify COPY` runs on each copy
under a timeout; its peak resident memory is read from wait4's rusage. A run
passes when it ends by itself (no signal, no timeout), exits 0 or 1, stays
under the memory bound, and, when it exits 1, prints a line naming the copy.

    tools/hdf5-campaign.py --attest .build/debug/attest --mutations 5400 --seed 1

Prints a summary (and writes it as JSON with --summary); failing inputs are
kept in --keep. Exit status 0 only when every run passed.
"""
import argparse, collections, json, os, platform, random, re, shutil, signal, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

KINDS = ["flip1", "flip8", "flip64", "truncate"]


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    if kind == "truncate":
        return data[: rng.randrange(0, len(data))]
    out = bytearray(data)
    count = int(kind[4:])
    span = len(out) if rng.random() < 0.5 else min(len(out), 64 << 10)
    for _ in range(count):
        out[rng.randrange(span)] ^= rng.randrange(1, 256)
    return bytes(out)


def run(attest: str, path: str, timeout: float) -> dict:
    start = time.monotonic()
    proc = subprocess.Popen([attest, "fixtures", "verify", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    hung = False
    # The output is small (one status line), so reading after the wait cannot block the child.
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > timeout:
            hung = True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    output = proc.stdout.read().decode("utf-8", "replace")
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"hung": hung, "code": proc.returncode, "seconds": time.monotonic() - start,
            "peak_kib": usage.ru_maxrss, "output": output}


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def problem_class(output: str, path: str) -> str:
    """The kind of error a failing run reported: its text after the path and case, up to the first detail."""
    text = output.split(path + ": ", 1)[-1].strip()
    text = re.sub(r"^case c\d+: ", "", text)
    text = re.sub(r"'[^']*'|\[[^\]]*\]|/c\d+/\S+|\b\d+\b", "_", text)
    return " ".join(text.split()[:6])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--attest", default=".build/debug/attest")
    p.add_argument("--fixtures", default="fixtures")
    p.add_argument("--mutations", type=int, default=5400, help="total runs, spread evenly over files and kinds")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before a run counts as a hang")
    p.add_argument("--memory-mib", type=float, default=1024.0, help="peak resident memory bound per run")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", default="reports/hdf5-campaign", help="folder for failing inputs")
    p.add_argument("--summary", help="write the summary as JSON here")
    args = p.parse_args()

    files = sorted(os.path.join(args.fixtures, f) for f in os.listdir(args.fixtures) if f.endswith(".h5"))
    contents = {f: open(f, "rb").read() for f in files}
    rng = random.Random(args.seed)
    plan = [(files[i % len(files)], KINDS[(i // len(files)) % len(KINDS)], rng.getrandbits(64)) for i in range(args.mutations)]
    work = tempfile.mkdtemp(prefix="attest-campaign-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)

    def one(index_item):
        index, (source, kind, seed) = index_item
        data = mutate(contents[source], kind, random.Random(seed))
        path = os.path.join(work, f"m{index:05d}-{kind}-{os.path.basename(source)}")
        with open(path, "wb") as f:
            f.write(data)
        r = run(args.attest, path, args.timeout)
        r.update(index=index, source=source, kind=kind, path=path)
        problems = []
        if r["hung"]:
            problems.append(f"hang (killed after {args.timeout:g} s)")
        elif r["code"] < 0:
            problems.append(f"signal {-r['code']} ({signal.Signals(-r['code']).name})")
        elif r["code"] not in (0, 1):
            problems.append(f"exit {r['code']}")
        elif r["code"] == 1 and path not in r["output"]:
            problems.append("the message does not name the file")
        if r["peak_kib"] / 1024 > args.memory_mib:
            problems.append(f"peak memory {r['peak_kib'] / 1024:.0f} MiB")
        r["problems"] = problems
        if problems:
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(path, args.keep)
        os.remove(path)
        return r

    started = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(one, enumerate(plan)))
    shutil.rmtree(work, ignore_errors=True)

    failures = [r for r in results if r["problems"]]
    summary = {
        "command": " ".join([sys.argv[0]] + sys.argv[1:]),
        "machine": f"{os.cpu_count()} cores, {cpu_model()}, {platform.platform()}, load average {os.getloadavg()[0]:.1f} at the end",
        "files": len(files), "runs": len(results),
        "by_kind": {k: sum(r["kind"] == k for r in results) for k in KINDS},
        "exit_0": sum(r["code"] == 0 for r in results), "exit_1": sum(r["code"] == 1 for r in results),
        "signals": sum(r["code"] < 0 and not r["hung"] for r in results), "hangs": sum(r["hung"] for r in results),
        "other_exits": sum(r["code"] not in (0, 1) and r["code"] >= 0 for r in results),
        "peak_memory_mib": round(max(r["peak_kib"] for r in results) / 1024, 1),
        "slowest_run_s": round(max(r["seconds"] for r in results), 2),
        "wall_s": round(time.monotonic() - started, 1),
        "messages": dict(collections.Counter(problem_class(r["output"], r["path"]) for r in results if r["code"] == 1).most_common(25)),
        "failures": [{k: r[k] for k in ("index", "source", "kind", "code", "problems", "output")} for r in failures],
    }
    text = json.dumps(summary, indent=2)
    print(text)
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(text + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
