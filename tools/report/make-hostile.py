#!/usr/bin/env python3
"""Copies a report folder with hostile text in it, for make report-check's escaping check.

  make-hostile.py SRC DST

The first blocking case of SRC/results.jsonl gets an id, a reason (with a fake worker stderr tail) and a tag
holding markup, script, quotes, control characters and a line separator, as a kernel or an edited results file
could; the certificate is updated to vouch for the new results (hash and line count). `attest report DST`
then renders its pages, and `check-report.py DST --dom ... --hostile` checks the browser shows the text as
text. Prints the hostile id.
"""
import hashlib
import json
import shutil
import sys
from pathlib import Path

HOSTILE_ID = 'fwd:gen:x</script><script>document.title="pwned"</script>:<img src=x onerror="document.title=1">\'&amp;\u0001\u2028'
HOSTILE_REASON = ("the worker process died on this case: signal 11; its stderr ended with:\n"
                  "  | <script>document.title='stderr'</script>\n  | </pre><b>bold</b> ]]> <!-- \u0007")
HOSTILE_TAG = '<svg onload="document.title=2">'


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    results = [json.loads(line) for line in (dst / "results.jsonl").read_text(encoding="utf-8").split("\n") if line]
    first = next(r for r in results if r["verdict"] not in ("PASS", "NOT_SUPPORTED"))
    first["id"], first["reason"], first["tags"] = HOSTILE_ID, HOSTILE_REASON, first["tags"] + [HOSTILE_TAG]
    data = "".join(json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n" for r in results)
    (dst / "results.jsonl").write_text(data, encoding="utf-8")
    certificate = json.loads((dst / "certificate.json").read_text(encoding="utf-8"))
    certificate["results"]["sha256"] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    certificate["results"]["lines"] = len(results)
    (dst / "certificate.json").write_text(json.dumps(certificate, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name in ("index.html", "junit.xml"):
        (dst / name).unlink(missing_ok=True)
    print(HOSTILE_ID)


if __name__ == "__main__":
    main()
