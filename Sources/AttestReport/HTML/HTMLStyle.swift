/// The inline stylesheet of `index.html` and the overview: verdict colours
/// always beside an icon and a word, and a print stylesheet.
enum HTMLStyle {
    static let css = #"""
:root { --pass: #1a7f37; --fail: #c62828; --ns: #8a8f98; --warn: #b26a00; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { padding: 0 24px 24px; }
code, pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f8fa; padding: 8px; border-radius: 4px; margin: 4px 0; }
.banner { padding: 16px 24px; color: #fff; }
.banner h1 { margin: 0 0 8px; font-size: 28px; }
.banner h2 { font-size: 16px; margin: 8px 0 4px; }
.banner code { color: inherit; }
.cert-certified { background: var(--pass); }
.cert-not-certified, .cert-invalid { background: var(--fail); }
.cert-partial { background: var(--warn); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; word-break: break-all; }
#reasons { margin: 0; padding-left: 20px; word-break: break-all; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; margin-top: 16px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
.bar rect { fill: var(--ns); }
.bar.v-pass rect { fill: var(--pass); }
.bar.v-fail rect, .bar.v-error rect, .bar.v-timeout rect, .bar.v-crash rect, .bar.v-harness-error rect { fill: var(--fail); }
.cell rect { stroke: #fff; }
.hm-pass rect { fill: #c8ebd0; } .hm-fail rect { fill: #f7c5c5; } .hm-ns rect { fill: #d5d8dc; } .hm-none rect { fill: #f3f4f6; }
.cell .sub { fill: var(--muted); font-size: 11px; }
.hr-ok rect { fill: var(--pass); } .hr-over rect { fill: var(--fail); }
.axis { stroke: var(--muted); }
.ehist rect.ok { fill: var(--pass); } .ehist rect.over { fill: var(--fail); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin-bottom: 8px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters select[multiple] { height: 7.5em; }
.filters input { width: 22em; }
details { margin: 2px 0 2px 16px; }
summary { cursor: pointer; }
.node > summary { font-weight: 600; }
.vt { display: inline-block; min-width: 9.5em; font-weight: 600; }
.v-pass .vt, .vt.v-pass { color: var(--pass); }
.v-not-supported .vt, .vt.v-not-supported { color: var(--ns); }
.vt.v-fail, .vt.v-error, .vt.v-timeout, .vt.v-crash, .vt.v-harness-error { color: var(--fail); }
.case-body { margin: 4px 0 8px 16px; }
.case-body table { border-collapse: collapse; margin: 4px 0; }
.case-body th, .case-body td, #environment th, #environment td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }
#environment td { word-break: break-all; }
.hbar { display: inline-block; position: relative; width: 160px; height: 10px; background: #eef0f2; vertical-align: middle; }
.hbar span { position: absolute; left: 0; top: 0; bottom: 0; background: var(--pass); }
.hbar.over span { background: var(--fail); }
.hbar::after { content: ""; position: absolute; left: 50%; top: -2px; bottom: -2px; border-left: 2px solid var(--fg); }
.matrix { border-collapse: collapse; }
.matrix th, .matrix td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: center; }
.matrix th.cfg { text-align: left; }
.matrix a { text-decoration: none; color: inherit; display: block; }
td.hm-pass { background: #c8ebd0; } td.hm-fail { background: #f7c5c5; } td.hm-ns { background: #d5d8dc; } td.hm-none { background: #f3f4f6; }
@media print {
  .filters, noscript { display: none; }
  .banner { color: #000; background: none !important; border: 3px solid #000; }
  details { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""#
}
