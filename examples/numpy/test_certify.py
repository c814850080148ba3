"""The numpy example certified by the attest binary through --exec: alone and under ulysses:world=2.

ATTEST names the binary (make kit-test passes the release build); ATTEST_KIT_PROFILE the profile (standard).
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

import attest_kit as kit

ROOT = pathlib.Path(__file__).resolve().parents[2]
ATTEST = os.environ.get("ATTEST", str(ROOT / ".build/release/attest"))
PROFILE = os.environ.get("ATTEST_KIT_PROFILE", "standard")
KERNEL = "examples/numpy/kernel.py"


def certify(out, *extra):
    command = f"{sys.executable} {KERNEL}"
    run = subprocess.run([ATTEST, "certify", "--exec", command, "--profile", PROFILE, "--jobs", "2", "--plain",
                          "--out", str(out), *extra], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    certificate = json.loads((out / "certificate.json").read_text())
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines() if line.strip()]
    return run, certificate, rows


@pytest.mark.parametrize("preamble", [[], ["--preamble", "ulysses:world=2"]], ids=["alone", "ulysses-world-2"])
def test_numpy_example_is_certified(tmp_path, preamble):
    run, certificate, rows = certify(tmp_path / "report", *preamble)
    tail = "\n".join((run.stdout + run.stderr).splitlines()[-30:])
    assert run.returncode == 0, f"attest certify exited {run.returncode}:\n{tail}"
    assert certificate["verdict"] == "CERTIFIED", tail
    blocking = [(r["id"], r["verdict"], r.get("reason")) for r in rows if r["verdict"] != "PASS"
                and not (r["verdict"] == "NOT_SUPPORTED" and r.get("stack_shape"))]
    assert not blocking, f"{len(blocking)} case(s) not PASS, first {blocking[0]}"
    expected = subprocess.run([ATTEST, "cases", "--profile", PROFILE], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.split()
    assert [r["id"] for r in rows] == expected


def test_certificate_records_the_command_the_script_and_the_kit(tmp_path):
    run, certificate, _ = certify(tmp_path / "report", "--query", "fwd:golden:masks")
    assert run.returncode in (0, 1), run.stderr[-2000:]             # a --query run is PARTIAL
    external = certificate["kernel"]["external"]
    assert external["command"] == f"{sys.executable} {KERNEL}"
    assert external["script"].endswith(KERNEL)
    assert external["script_sha256"] == hashlib.sha256((ROOT / KERNEL).read_bytes()).hexdigest()
    executable = pathlib.Path(external["executable"])
    assert external["executable_sha256"] == hashlib.sha256(executable.read_bytes()).hexdigest()
    assert executable.resolve() == pathlib.Path(sys.executable).resolve()
    assert (external["kit_name"], external["kit_version"]) == ("attest-kit", kit.__version__)
    assert external["lse_dtype"] == "f64" and external["protocol_version"] == 1
    assert json.loads(external["declared_capabilities"])["name"] == "numpy-example"
