#!/usr/bin/env python3
"""Checks a report folder the way its readers see it (make report-check).

  check-report.py DIR [--dom DOM.html] [--hostile] [--xsd tools/report/junit.xsd]

- DIR/junit.xml validates against the JUnit schema (xmlschema) and reads, with junitparser (a real consumer),
  as one testcase per line of DIR/results.jsonl: FAIL a Failure, ERROR/CRASH/TIMEOUT/HARNESS_ERROR an Error,
  NOT_SUPPORTED Skipped, PASS nothing; its totals equal DIR/certificate.json's counts.
- DOM.html, the DOM headless Chromium dumped after running DIR/index.html's script, shows: the verdict banner,
  the count of every verdict, the heat-map's cells, every case in the tree, and for the first blocking case
  its details (error table with the worst element's index, the bound's source, the headroom bar, the rerun
  command, an element histogram per recorded `headroom_histogram`). Expected values come from results.jsonl and certificate.json, never from the page.
- --hostile (a folder from make-hostile.py): the page's markup holds nothing the hostile text could have
  injected (no img, b or extra script element, no onload/onerror attribute, the title untouched), and the
  hostile id and stderr show as text; junit.xml carries the id with its control character spelled \\u{1}.
Exit 0 when all hold, 1 with one line per problem.
"""
import argparse
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import junitparser
import xmlschema

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "source", "wbr", "line", "rect"}
ERROR_VERDICTS = {"ERROR", "CRASH", "TIMEOUT", "HARNESS_ERROR"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def find(self, pred):
        return [n for n in self.walk() if pred(n)]


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def xml_spelling(text):
    """The text as junit.xml holds it (docs/reports.md): characters XML 1.0 forbids written \\u{XX}."""
    def bad(ch):
        c = ord(ch)
        return (c < 0x20 and ch not in "\t\n\r") or c in (0xFFFE, 0xFFFF)
    return "".join(f"\\u{{{ord(ch):x}}}" if bad(ch) else ch for ch in text)


def check_junit(folder, results, certificate, xsd, problems):
    path = folder / "junit.xml"
    try:
        xmlschema.XMLSchema(str(xsd)).validate(str(path))
    except Exception as e:  # the validator's error names the element and the rule
        problems.append(f"{path} does not validate against {xsd}: {e}")
        return
    xml = junitparser.JUnitXml.fromfile(str(path))
    seen = {}
    for suite in xml:
        for case in suite:
            kinds = sorted(type(r).__name__ for r in case.result)
            seen[case.name] = kinds[0] if kinds else "Passed"
    want = {"FAIL": "Failure", "NOT_SUPPORTED": "Skipped", "PASS": "Passed"}
    for r in results:
        expected = "Error" if r["verdict"] in ERROR_VERDICTS else want[r["verdict"]]
        name = xml_spelling(r["id"])
        if seen.get(name) != expected:
            problems.append(f"junit.xml: case {name!r} reads as {seen.get(name)}, expected {expected} ({r['verdict']})")
    if len(seen) != len(results):
        problems.append(f"junit.xml holds {len(seen)} distinct testcases, results.jsonl {len(results)} cases")
    c = certificate["counts"]
    totals = {"tests": len(results), "failures": c["FAIL"], "errors": sum(c[v] for v in ERROR_VERDICTS),
              "skipped": c["NOT_SUPPORTED"]}
    xml.update_statistics()
    for key, value in totals.items():
        if getattr(xml, key) != value:
            problems.append(f"junit.xml: {key} = {getattr(xml, key)}, the certificate says {value}")


def check_dom(dom_path, results, certificate, problems):
    builder = TreeBuilder()
    builder.feed(Path(dom_path).read_text(encoding="utf-8"))
    root = builder.root
    by_id = {n.attrs.get("id"): n for n in root.walk() if n.attrs.get("id")}
    verdict = certificate["verdict"].replace("_", " ")
    if "verdict" not in by_id or by_id["verdict"].text().strip() != verdict:
        problems.append(f"banner: expected verdict {verdict!r}, found {by_id.get('verdict') and by_id['verdict'].text()!r}")
    if "banner" in by_id and certificate["kernel"]["name"] not in by_id["banner"].text():
        problems.append("banner: the kernel's name is missing")
    counts = by_id.get("counts")
    bars = counts.find(lambda n: n.tag == "g" and "bar" in n.classes()) if counts else []
    shown = {}
    for g in bars:
        texts = [t.text().strip() for t in g.find(lambda n: n.tag == "text")]
        if len(texts) == 2:
            shown[texts[0].split(" ", 1)[-1]] = texts[1]
    for name, n in certificate["counts"].items():
        if shown.get(name) != str(n):
            problems.append(f"counts: {name} shows {shown.get(name)!r}, the certificate says {n}")
    heat = by_id.get("heatmap")
    cells = heat.find(lambda n: n.tag == "g" and "cell" in n.classes()) if heat else []
    if not cells:
        problems.append("heat-map: no cell rendered")
    blocking = [r for r in results if r["verdict"] not in ("PASS", "NOT_SUPPORTED")]
    if blocking and not any("hm-fail" in c.classes() for c in cells):
        problems.append("heat-map: the run has blocking cases but no cell shows one")
    status = by_id.get("shown")
    if status is None or status.text().strip() != f"{len(results)} of {len(results)} cases shown":
        problems.append(f"case tree: expected '{len(results)} of {len(results)} cases shown', found {status and status.text()!r}")
    cases = root.find(lambda n: n.tag == "details" and "case" in n.classes())
    if len(cases) < len(blocking):
        problems.append(f"case tree: {len(cases)} case nodes rendered, {len(blocking)} blocking cases expected at least")
    if not blocking:
        return
    first = blocking[0]
    node = next((d for d in cases if any(c.tag == "code" and c.text() == first["id"] for c in d.walk())), None)
    if node is None:
        problems.append(f"case tree: the blocking case {first['id']!r} is not rendered")
        return
    body = next((n for n in node.walk() if "case-body" in n.classes()), None)
    if body is None:
        problems.append(f"case {first['id']!r}: its details are not rendered")
        return
    text = body.text()
    for e in first.get("errors", []):
        index = "(" + ", ".join(str(i) for i in e["worst_index"]) + ")"
        if index not in text:
            problems.append(f"case {first['id']!r}: worst element {index} of {e['tensor']} not shown")
    if first["verdict"] == "FAIL" and "baseline term" not in text and "floor" not in text:
        problems.append(f"case {first['id']!r}: the bound's source is not shown")
    if first["verdict"] == "FAIL" and not body.find(lambda n: "hbar" in n.classes()):
        problems.append(f"case {first['id']!r}: no headroom bar")
    recorded = [e for e in first.get("errors", []) if e.get("headroom_histogram") is not None]
    drawn = body.find(lambda n: n.tag == "svg" and "ehist" in n.classes())
    if len(drawn) != len(recorded):
        problems.append(f"case {first['id']!r}: {len(drawn)} element histograms drawn, {len(recorded)} recorded")
    if "attest certify" not in text or "--query" not in text or ("'" not in first["id"] and first["id"] not in text):
        problems.append(f"case {first['id']!r}: the rerun command is not shown")


def check_hostile(folder, dom_path, results, problems):
    builder = TreeBuilder()
    builder.feed(Path(dom_path).read_text(encoding="utf-8"))
    nodes = list(builder.root.walk())
    hostile = next(r for r in results if r["verdict"] not in ("PASS", "NOT_SUPPORTED"))
    for tag in ("img", "b"):
        if any(n.tag == tag for n in nodes):
            problems.append(f"hostile: the page holds a <{tag}> element")
    scripts = [n for n in nodes if n.tag == "script"]
    if len(scripts) != 2:
        problems.append(f"hostile: the page holds {len(scripts)} script elements, expected 2 (data island and script)")
    for n in nodes:
        bad = [k for k in n.attrs if k.startswith("on")]
        if bad:
            problems.append(f"hostile: <{n.tag}> has event handler attribute(s) {bad}")
    title = next((n.text() for n in nodes if n.tag == "title" and n.parent and n.parent.tag == "head"), "")
    if "pwned" in title or title.strip() in ("1", "2", "stderr"):
        problems.append(f"hostile: the page's title was changed to {title!r}")
    if not any(n.tag == "code" and n.text() == hostile["id"] for n in nodes):
        problems.append("hostile: the hostile id is not shown as text in the case tree")
    if not any(n.tag == "pre" and n.text() == hostile["reason"] for n in nodes):
        problems.append("hostile: the hostile reason (stderr tail) is not shown as text")
    junit = (folder / "junit.xml").read_text(encoding="utf-8")
    if "\\u{1}" not in junit:
        problems.append("hostile: junit.xml does not spell the id's control character as \\u{1}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--dom", type=Path)
    p.add_argument("--hostile", action="store_true")
    p.add_argument("--xsd", type=Path, default=Path(__file__).with_name("junit.xsd"))
    a = p.parse_args()
    results = [json.loads(line) for line in (a.folder / "results.jsonl").read_text(encoding="utf-8").split("\n") if line]
    certificate = json.loads((a.folder / "certificate.json").read_text(encoding="utf-8"))
    problems = []
    check_junit(a.folder, results, certificate, a.xsd, problems)
    if a.dom:
        check_dom(a.dom, results, certificate, problems)
    if a.dom and a.hostile:
        check_hostile(a.folder, a.dom, results, problems)
    for line in problems:
        print(f"report-check: {a.folder}: {line}")
    print(f"report-check: {a.folder}: {'ok' if not problems else f'{len(problems)} problem(s)'} "
          f"({len(results)} cases, {certificate['verdict']}{', DOM checked' if a.dom else ''})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
