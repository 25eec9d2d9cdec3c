/**
 * Live charts in a report: each chart's Vega-Lite spec (with its data) is embedded next to its static SVG, and vega,
 * vega-lite and vega-embed — inlined once per page from node_modules, no CDN — draw it as an interactive view when
 * scripts run. Without scripts (or in print) the SVG stays. The page's Content-Security-Policy lets it load nothing.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { escapeHtml } from "./markdown.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const requireHere = createRequire(import.meta.url);

/** The page's policy: inline scripts and styles, data: fonts and images, and nothing from anywhere else. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** Inline data arrays longer than this are thinned to this many rows (evenly, ends kept) in the embedded spec. */
export const MAX_EMBEDDED_ROWS = 4000;

/** The browser builds of the three libraries, in load order (vega-embed needs vega and vega-lite as globals). */
const LIBRARIES = [
  ["vega", "vega/build/vega.min.js"],
  ["vega-lite", "vega-lite/build/vega-lite.min.js"],
  ["vega-embed", "vega-embed/build/vega-embed.min.js"],
];

let libraries;
/**
 * The three libraries as `<script>` elements, read once from node_modules (source-map comments dropped: the page
 * must ask for nothing).
 *
 * @returns { html, bytes: { vega, "vega-lite", "vega-embed" }, versions }
 */
export function vegaLibraries() {
  if (!libraries) {
    const bytes = {};
    const versions = {};
    const tags = LIBRARIES.map(([name, file]) => {
      // read by path: the packages' `exports` do not list their browser builds
      const js = readFileSync(path.join(ROOT, "node_modules", file), "utf8")
        .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "")
        .trim();
      if (/<\/script/i.test(js)) throw new Error(`${file}: contains "</script", cannot be inlined`);
      bytes[name] = Buffer.byteLength(js);
      versions[name] = JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
      return `<script data-library="${name}">${js}</script>`;
    });
    libraries = { html: tags.join("\n"), bytes, versions };
  }
  return libraries;
}

let library;
/** The built library's `withInteraction` (dist/, the same function `show` applies in the kernel). */
function withInteraction(spec) {
  if (!library) library = requireHere(path.join(ROOT, "dist", "index.js"));
  return library.withInteraction(spec);
}

/** Keeps `max` rows of `rows`, evenly spaced, first and last included. */
export function thinRows(rows, max) {
  if (rows.length <= max) return rows;
  const out = [];
  for (let k = 0; k < max; k++) out.push(rows[Math.round((k * (rows.length - 1)) / (max - 1))]);
  return out;
}

/**
 * Thins every inline `data.values` array with more than `max` rows (anywhere in the spec), except in a spec with
 * inputs bound to params (an explorable figure's rows are all needed). Returns the spec and how many rows were cut.
 */
export function thinSpec(spec, max = MAX_EMBEDDED_ROWS) {
  const text = JSON.stringify(spec);
  if (/"bind":\s*\{/.test(text)) return { spec, dropped: 0 };
  let dropped = 0;
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "data" && x && Array.isArray(x.values) && x.values.length > max) {
        dropped += x.values.length - max;
        out[k] = { ...x, values: thinRows(x.values, max) };
      } else out[k] = walk(x);
    }
    return out;
  };
  const thinned = walk(spec);
  return { spec: thinned, dropped };
}

/** JSON that is safe inside a `<script type="application/json">` element. */
export function scriptJson(value) {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * One chart as a figure: the static SVG (the fallback, shown until the live view draws and in print), an empty
 * container the page script fills with the live view, and the spec the live view is made from.
 *
 * @param svg - the chart's SVG markup.
 * @param spec - its Vega-Lite spec (or undefined: then the figure stays static).
 * @param alt - the chart's one-line description.
 * @param ctx - the report's context; `ctx.charts` collects { id, bytes, explorable } per live chart.
 */
export function chartFigure(svg, spec, alt, ctx) {
  const clean = svg.replace(/^\s*<\?xml[^>]*>\s*/, "");
  const label = `aria-label="${escapeHtml(alt ?? "chart")}"`;
  if (!spec) return `<figure class="chart" role="img" ${label}><div class="static">${clean}</div></figure>`;
  ctx.charts ??= [];
  const k = ctx.charts.length + 1;
  const interactive = withInteraction(spec);
  const { $schema: _schema, ...unversioned } = interactive;
  const { spec: embedded, dropped } = thinSpec(unversioned);
  const json = scriptJson(embedded);
  const explorable = embedded.usermeta?.explorable;
  const entry = { id: `chart-${k}`, bytes: Buffer.byteLength(json), svgBytes: Buffer.byteLength(clean), dropped };
  let id = entry.id;
  let caption = "";
  if (explorable) {
    const e = (ctx.explorables ??= []);
    id = `explorable-${e.length + 1}`;
    e.push({ id, title: String(explorable.title ?? alt ?? "explorable figure") });
    entry.explorable = id;
    if (explorable.hint)
      caption = `<figcaption class="explorable-hint">${escapeHtml(String(explorable.hint))}</figcaption>`;
  }
  ctx.charts.push(entry);
  return (
    `<figure class="chart${explorable ? " explorable" : ""}" id="${id}" role="img" ${label} data-spec="${id}-spec">` +
    `<div class="live"></div><div class="static">${clean}</div>${caption}` +
    `<script type="application/json" id="${id}-spec">${json}</script></figure>`
  );
}

/** The page script: draws every figure's live view with vega-embed (SVG renderer), then hides its static SVG. */
export const BOOT_SCRIPT = `<script>
(function () {
  "use strict";
  if (typeof vegaEmbed !== "function") return;
  var figures = document.querySelectorAll("figure.chart[data-spec]");
  Array.prototype.forEach.call(figures, function (figure) {
    var spec = JSON.parse(document.getElementById(figure.getAttribute("data-spec")).textContent);
    vegaEmbed(figure.querySelector(".live"), spec, {
      mode: "vega-lite", renderer: "svg", actions: false, logLevel: vega.Warn, tooltip: { theme: "light" }
    }).then(function (result) {
      figure.classList.add("is-live");
      figure.setAttribute("role", "figure");
      figure.vegaView = result.view;
    }).catch(function (e) {
      console.error("chart " + figure.id + " stays static: " + (e && e.message ? e.message : e));
    });
  });
})();
</script>`;

/** CSS of the live and static halves of a chart figure (the SVG stays for print). */
export const CHART_CSS = `
figure.chart.is-live>.static{display:none}
figure.chart>.live:empty{display:none}
figure.chart .live .vega-embed{display:block}
figure.chart .live svg{max-width:none}
#vg-tooltip-element table{margin:0;font-size:12px}
#vg-tooltip-element td{border:none;padding:1px 4px;text-align:left}
figure.explorable{border-left:3px solid #0969da;padding-left:12px}
figure.explorable .vega-bindings{font-size:14px;margin:6px 0}
figure.explorable .vega-bind input[type=range]{width:260px;vertical-align:middle}
figcaption.explorable-hint{font-size:14px;color:#57606a;margin-top:4px}
@media print{figure.chart>.live{display:none}figure.chart.is-live>.static{display:block}}
`;

/**
 * What the live charts of a page cost, and the scripts to append at the end of its body ("" for a page without a
 * live chart).
 *
 * @returns { scripts, cost: { libraries, specs, svg, charts, thinnedRows } } (bytes)
 */
export function liveChartsTail(ctx) {
  const charts = ctx.charts ?? [];
  if (charts.length === 0) return { scripts: "", cost: { libraries: 0, specs: 0, svg: 0, charts: 0, thinnedRows: 0 } };
  const libs = vegaLibraries();
  const sum = (f) => charts.reduce((a, c) => a + f(c), 0);
  return {
    scripts: `${libs.html}\n${BOOT_SCRIPT}`,
    cost: {
      libraries: Object.values(libs.bytes).reduce((a, b) => a + b, 0),
      specs: sum((c) => c.bytes),
      svg: sum((c) => c.svgBytes),
      charts: charts.length,
      thinnedRows: sum((c) => c.dropped),
    },
  };
}
