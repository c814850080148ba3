/// The inline script of `index.html`: reads the data island
/// (`ReportDataIsland`), builds the filters, the case tree by id with the
/// worst verdict rolled up on every node, and each case's details. Every text
/// from the data goes through `textContent` (never markup), and the filter
/// state lives in the URL hash (`#verdict=FAIL,CRASH&dtype=f16&mask=…&heads=…&shape=…&feature=…&q=…&case=ID`),
/// so a link opens the same view. Blocking cases' details are built at once
/// (and their nodes opened); the others when opened, so 10,000 cases stay light.
enum HTMLScript {
    static let js = #"""
(function () {
"use strict";
var D = JSON.parse(document.getElementById("attest-data").textContent);
var V = D.verdicts, ICON = D.icons, PASS = V.indexOf("PASS"), NS = V.indexOf("NOT_SUPPORTED");
var cases = D.cases.map(function (c) {
  return { id: c[0], v: c[1], family: D.families[c[2]], dtype: D.dtypes[c[3]], heads: D.heads[c[4]], mask: D.masks[c[5]],
           shape: D.shapes[c[6]], tags: c[7].map(function (t) { return D.tags[t]; }), reason: c[8], reports: c[9],
           seconds: c[10], rerun: D.rerun_prefix + (c[11] == null ? "'" + c[0] + "'" : c[11]) };
});
var FACETS = [["verdict", "Verdict", function (c) { return V[c.v]; }], ["dtype", "Element type", function (c) { return c.dtype; }],
  ["mask", "Mask", function (c) { return c.mask; }], ["heads", "GQA pattern", function (c) { return c.heads; }],
  ["shape", "Shape", function (c) { return c.shape; }], ["feature", "Feature or tag", null]];
function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = String(text); return e; }
function vclass(v) { return "v-" + V[v].toLowerCase().replace(/_/g, "-"); }
function blocks(v) { return v !== PASS && v !== NS; }
function num(x) { return typeof x === "string" ? x : x === 0 ? "0" : x.toExponential(2); }
function state() {
  var p = new URLSearchParams(location.hash.slice(1)), s = {};
  FACETS.forEach(function (f) { var x = p.get(f[0]); s[f[0]] = x ? x.split(",") : []; });
  s.q = p.get("q") || ""; s["case"] = p.get("case") || "";
  return s;
}
function writeState(s) {
  var p = new URLSearchParams();
  FACETS.forEach(function (f) { if (s[f[0]].length) p.set(f[0], s[f[0]].join(",")); });
  if (s.q) p.set("q", s.q); if (s["case"]) p.set("case", s["case"]);
  history.replaceState(null, "", "#" + p.toString());
  render();
}
function values(f) {
  var seen = {};
  cases.forEach(function (c) { (f[2] ? [f[2](c)] : c.tags).forEach(function (x) { seen[x] = (seen[x] || 0) + 1; }); });
  return Object.keys(seen).sort().map(function (k) { return [k, seen[k]]; });
}
var form = document.getElementById("filters"), controls = {};
form.addEventListener("submit", function (e) { e.preventDefault(); });
FACETS.forEach(function (f) {
  var label = el("label", null, f[1]), sel = el("select");
  sel.multiple = true; sel.name = f[0];
  values(f).forEach(function (kv) { var o = el("option", null, kv[0] + " (" + kv[1] + ")"); o.value = kv[0]; sel.appendChild(o); });
  sel.addEventListener("change", function () {
    var s = state(); s[f[0]] = Array.prototype.filter.call(sel.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    writeState(s);
  });
  label.appendChild(sel); form.appendChild(label); controls[f[0]] = sel;
});
var qLabel = el("label", null, "Search ids"), q = el("input");
q.type = "search"; q.name = "q"; q.placeholder = "part of a case id";
q.addEventListener("input", function () { var s = state(); s.q = q.value; writeState(s); });
qLabel.appendChild(q); form.appendChild(qLabel);
var reset = el("button", null, "Show all"); reset.type = "button";
reset.addEventListener("click", function () { history.replaceState(null, "", "#"); render(); });
form.appendChild(reset);
function matches(c, s) {
  for (var i = 0; i < FACETS.length; i++) {
    var f = FACETS[i], want = s[f[0]];
    if (!want.length) continue;
    if (f[2] ? want.indexOf(f[2](c)) < 0 : !want.some(function (w) { return c.tags.indexOf(w) >= 0; })) return false;
  }
  return !s.q || c.id.toLowerCase().indexOf(s.q.toLowerCase()) >= 0;
}
var SVG = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs) { var e = document.createElementNS(SVG, tag); Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); return e; }
function histogram(h) {
  var most = Math.max.apply(null, h.concat([1])), svg = svgEl("svg", { width: 12 * h.length, height: 24, "class": "ehist", role: "img" });
  var title = svgEl("title", {}); title.textContent = "elements per headroom bin: " + h.map(function (n, i) { return D.bins[i] + ": " + n; }).join(", ");
  svg.appendChild(title);
  h.forEach(function (n, i) {
    var height = n ? Math.max(2, Math.round(22 * Math.log(1 + n) / Math.log(1 + most))) : 0;
    svg.appendChild(svgEl("rect", { x: 12 * i + 1, y: 24 - height, width: 10, height: height, "class": D.over[i] ? "over" : "ok" }));
  });
  return svg;
}
function caseBody(c) {
  var body = el("div", "case-body");
  if (c.reports.length) {
    var t = el("table"), head = el("tr");
    ["tensor", "max |err|", "max rel err", "bound", "bound from", "headroom", "elements by headroom (log)", "worst element", "NaN/inf mismatches"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    t.appendChild(head);
    c.reports.forEach(function (r) {
      var tr = el("tr"), h = r[6], bar = el("span", "hbar" + (r[9] ? "" : " over")), fill = el("span");
      var hv = typeof h === "number" ? h : Infinity;
      fill.style.width = Math.min(100, hv * 50) + "%"; bar.appendChild(fill);
      bar.title = "headroom " + num(h) + " (the line is the bound)";
      var src = r[5] == null ? "" : (r[4] - r[5] >= r[5] ? "baseline term " + num(r[4] - r[5]) + " + floor " + num(r[5])
                                                      : "floor " + num(r[5]) + " + baseline term " + num(r[4] - r[5]));
      var hc = el("td"); hc.appendChild(bar); hc.appendChild(el("span", null, " " + num(h)));
      var hist = el("td", null, r[10] ? null : "not recorded"); if (r[10]) hist.appendChild(histogram(r[10]));
      [el("td", null, r[0] + (r[9] ? "" : " ✘")), el("td", null, num(r[1])), el("td", null, num(r[2])), el("td", null, num(r[4])),
       el("td", null, src), hc, hist, el("td", null, "(" + r[7].join(", ") + ")"), el("td", null, r[8])].forEach(function (td) { tr.appendChild(td); });
      t.appendChild(tr);
    });
    body.appendChild(t);
  }
  if (c.reason) { body.appendChild(el("div", null, "Reason:")); body.appendChild(el("pre", "reason", c.reason)); }
  body.appendChild(el("div", null, "Tags: " + c.tags.join(", ") + "; " + c.seconds + " s"));
  body.appendChild(el("div", null, "Rerun just this case:")); body.appendChild(el("pre", "rerun", c.rerun));
  return body;
}
function caseNode(c, s) {
  var d = el("details", "case " + vclass(c.v)), sum = el("summary");
  sum.appendChild(el("span", "vt " + vclass(c.v), ICON[c.v] + " " + V[c.v])); sum.appendChild(el("code", null, c.id));
  d.appendChild(sum);
  var built = false;
  function build() { if (!built) { built = true; d.appendChild(caseBody(c)); } }
  if (blocks(c.v) || s["case"] === c.id) { build(); d.open = true; }
  d.addEventListener("toggle", function () { if (d.open) build(); });
  return d;
}
function render() {
  var s = state();
  FACETS.forEach(function (f) { Array.prototype.forEach.call(controls[f[0]].options, function (o) { o.selected = s[f[0]].indexOf(o.value) >= 0; }); });
  if (document.activeElement !== q) q.value = s.q;
  var shown = cases.filter(function (c) { return matches(c, s); });
  document.getElementById("shown").textContent = shown.length + " of " + cases.length + " cases shown";
  var root = { children: {}, cases: [], worst: 0, n: 0 };
  shown.forEach(function (c) {
    var parts = c.family.split(":"), path = [parts[0], parts.slice(0, 2).join(":"), c.family], node = root;
    root.worst = Math.max(root.worst, c.v); root.n++;
    path.forEach(function (name) {
      node = node.children[name] || (node.children[name] = { name: name, children: {}, cases: [], worst: 0, n: 0 });
      node.worst = Math.max(node.worst, c.v); node.n++;
      if (c.id === s["case"]) node.hasCase = true;
    });
    node.cases.push(c);
  });
  var tree = document.getElementById("tree"); tree.textContent = "";
  (function add(parent, node, depth) {
    Object.keys(node.children).sort().forEach(function (k) {
      var child = node.children[k], d = el("details", "node " + vclass(child.worst)), sum = el("summary");
      sum.appendChild(el("span", "vt " + vclass(child.worst), ICON[child.worst] + " " + V[child.worst]));
      sum.appendChild(el("span", null, child.name + " (" + child.n + ")"));
      d.appendChild(sum);
      d.open = depth < 2 || blocks(child.worst) || shown.length <= 50 || !!child.hasCase;
      var filled = false;
      function fill() {
        if (filled) return; filled = true;
        add(d, child, depth + 1);
        child.cases.forEach(function (c) { d.appendChild(caseNode(c, s)); });
      }
      if (d.open) fill();
      d.addEventListener("toggle", function () { if (d.open) fill(); });
      parent.appendChild(d);
    });
  })(tree, root, 0);
  if (s["case"]) {
    var open = Array.prototype.find.call(tree.querySelectorAll("details.case[open] code"), function (e) { return e.textContent === s["case"]; });
    if (open) open.scrollIntoView();
  }
}
window.addEventListener("hashchange", render);
render();
})();
"""#
}
