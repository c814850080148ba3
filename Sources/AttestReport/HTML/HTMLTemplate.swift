/// The Mustache template of `index.html` (`HTMLReport`). Every `{{value}}`
/// is HTML-escaped by the engine; the three triple-mustache values are the
/// suite's own constant style and script and the data island, which
/// `ReportDataIsland.scriptSafeJSON` escapes for a script element.
enum HTMLTemplate {
    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{{verdict}}: {{configuration}} on {{profile}}</title>
<style>{{{style}}}</style>
</head>
<body>
<header id="banner" class="banner {{verdictClass}}">
  <h1><span class="icon" aria-hidden="true">{{verdictIcon}}</span> <span id="verdict">{{verdictText}}</span></h1>
  <dl class="facts">
    <dt>Kernel</dt><dd id="kernel">{{kernel}}</dd>
    <dt>Preamble stack</dt><dd>{{preambles}}</dd>
    <dt>Configuration</dt><dd><code>{{configuration}}</code></dd>
    <dt>Profile</dt><dd>{{profile}} ({{caseCount}} cases, sha256 <code>{{profileSHA}}</code>)</dd>
    <dt>Tolerance policy</dt><dd>{{policy}} (sha256 <code>{{policySHA}}</code>)</dd>
    <dt>Certificate</dt><dd>certificate.json sha256 <code id="certificate-hash">{{certificateSHA}}</code></dd>
  </dl>
  {{#hasReasons}}<h2>Reasons</h2>
  <ul id="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}
</header>
<main>
<section class="charts">
  <figure id="counts">
    <figcaption>Cases per verdict ({{total}} cases)</figcaption>
    <svg role="img" aria-label="cases per verdict" width="640" height="{{countsHeight}}" viewBox="0 0 640 {{countsHeight}}">
      {{#charts.verdictBars}}<g class="bar {{cssClass}}"><text x="0" y="{{textY}}">{{icon}} {{verdict}}</text><rect x="180" y="{{y}}" width="{{width}}" height="20"></rect><text class="count" x="{{countX}}" y="{{textY}}">{{count}}</text></g>
      {{/charts.verdictBars}}
    </svg>
  </figure>
  <figure id="heatmap">
    <figcaption>Coverage: feature by element type (✔ passes, ✘ blocking of run, ⊘ NOT_SUPPORTED counted apart, grey)</figcaption>
    <svg role="img" aria-label="coverage heat-map" width="{{charts.heatMap.width}}" height="{{charts.heatMap.height}}" viewBox="0 0 {{charts.heatMap.width}} {{charts.heatMap.height}}">
      {{#charts.heatMap.columns}}<text class="col" x="{{textX}}" y="16" text-anchor="middle">{{name}}</text>{{/charts.heatMap.columns}}
      {{#charts.heatMap.rows}}<text class="row" x="4" y="{{textY}}">{{name}}</text>
      {{#cells}}<a href="{{link}}"><g class="cell {{state}}"><title>{{title}}</title><rect x="{{x}}" y="{{y}}" width="94" height="32" rx="3"></rect><text x="{{textX}}" y="{{textY}}" text-anchor="middle">{{label}}</text><text class="sub" x="{{textX}}" y="{{subY}}" text-anchor="middle">{{notSupportedLabel}}</text></g></a>{{/cells}}
      {{/charts.heatMap.rows}}
    </svg>
  </figure>
  <figure id="headroom">
    <figcaption>Headroom (max error / bound) of each case's worst tensor, {{charts.headroom.cases}} cases; above 1 fails</figcaption>
    <svg role="img" aria-label="headroom distribution" width="620" height="160" viewBox="0 0 620 160">
      <line x1="32" y1="130" x2="610" y2="130" class="axis"></line>
      {{#charts.headroom.bins}}<g class="{{cssClass}}"><rect x="{{x}}" y="{{y}}" width="56" height="{{height}}"></rect><text x="{{textX}}" y="{{countY}}" text-anchor="middle">{{count}}</text><text x="{{textX}}" y="148" text-anchor="middle">{{label}}</text></g>
      {{/charts.headroom.bins}}
    </svg>
  </figure>
</section>
<section id="cases-section">
  <h2>Cases</h2>
  <noscript><p>The case tree needs JavaScript; the cases are in results.jsonl beside this file.</p></noscript>
  <form id="filters" class="filters"></form>
  <p id="shown"></p>
  <div id="tree"></div>
</section>
<section id="environment">
  <h2>Environment and provenance</h2>
  <table>{{#environment}}<tr><th>{{name}}</th><td>{{value}}</td></tr>{{/environment}}</table>
</section>
</main>
<script type="application/json" id="attest-data">{{{data}}}</script>
<script>{{{script}}}</script>
</body>
</html>

"""#
}
