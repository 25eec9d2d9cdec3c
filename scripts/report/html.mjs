/**
 * Executed notebook → one self-contained HTML page (no script, no external resource): rendered Markdown and math,
 * charts as inline SVG, code folded, a header with date, commit, backend and device, run time, parameters and the
 * claims table. Also the index page.
 */
import { CHART_CSS, CONTENT_SECURITY_POLICY, chartFigure, liveChartsTail } from "./charts.mjs";
import { CLAIMS_MIME, RUN_INFO_MIME, REPORT_CELL_TAG } from "./constants.mjs";
import {
  escapeHtml,
  katexCss,
  markdownToPlain,
  renderInline,
  renderMarkdown,
  renderMarkdownInline,
} from "./markdown.mjs";

const text = (v) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
// eslint-disable-next-line no-control-regex -- ANSI colour codes in tracebacks
const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

/** Seconds a cell took, from nbclient's timing metadata, or undefined. */
export function cellSeconds(cell) {
  const t = cell.metadata?.execution;
  const a = Date.parse(t?.["iopub.execute_input"] ?? t?.["iopub.status.busy"] ?? "");
  const b = Math.max(Date.parse(t?.["shell.execute_reply"] ?? ""), Date.parse(t?.["iopub.status.idle"] ?? ""));
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : undefined;
}

export function formatSeconds(s) {
  if (s === undefined || !Number.isFinite(s)) return "";
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, "0")} s`;
}

/** Formats a claim value the way the library does (4 significant digits). */
export function formatValue(v) {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v !== "number") return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  const s = a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3).replace(/\.?0+e/, "e");
  return s.replace(/^-/, "−");
}

/** All claims of a notebook (every claims table output, in order), and the run info if one was displayed. */
export function collectFacts(nb) {
  const claims = [];
  let runInfo;
  for (const cell of nb.cells ?? []) {
    for (const o of cell.outputs ?? []) {
      const d = o.data ?? {};
      if (d[CLAIMS_MIME]?.rows) claims.push(...d[CLAIMS_MIME].rows);
      if (d[RUN_INFO_MIME]) runInfo = d[RUN_INFO_MIME];
    }
  }
  return { claims, runInfo };
}

/** The notebook's title: its first Markdown heading, else the file name. */
export function notebookTitle(nb, fallback) {
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== "markdown") continue;
    const m = /^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$/m.exec(text(cell.source));
    if (m) return m[1];
  }
  return fallback;
}

/** Counts claim rows by status: { passed, notApplicable, failed, total }. */
export function claimCounts(rows) {
  const count = (status) => rows.filter((r) => r.status === status).length;
  const passed = count("pass");
  const notApplicable = count("not-applicable");
  return { passed, notApplicable, failed: rows.length - passed - notApplicable, total: rows.length };
}

/** The summary every view of a claims table shows: "17 hold · 2 not applicable · 0 fail". */
export function claimSummaryText(c) {
  return `${c.passed} hold · ${c.notApplicable} not applicable · ${c.failed} fail`;
}

const VERDICTS = { pass: "✔ pass", fail: "✘ FAIL", "not-applicable": "– not applicable" };

/**
 * The claims table: a row per claim with its verdict; a not-applicable row in grey with the failing hypothesis under
 * the claim, a derivation of the tolerance under the tolerance.
 */
export function claimsTableHtml(rows, errors) {
  const counts = claimCounts(rows);
  const body = rows
    .map((r) => {
      const status = r.status in VERDICTS ? r.status : "fail";
      const reason = r.reason
        ? `<div class="reason">${status === "not-applicable" ? "not applicable: " : ""}${renderInline(r.reason, errors)}</div>`
        : "";
      const derivation = r.derivation ? `<div class="derivation">${renderInline(r.derivation, errors)}</div>` : "";
      return (
        `<tr class="${status}"><td class="claim">${renderInline(r.claim, errors)}${reason}</td>` +
        `<td>${renderInline(formatValue(r.predicted), errors)}</td><td>${renderInline(formatValue(r.measured), errors)}</td>` +
        `<td>${renderInline(formatValue(r.tolerance), errors)}${derivation}</td>` +
        `<td class="verdict">${VERDICTS[status]}</td></tr>`
      );
    })
    .join("");
  return (
    `<table class="claims"><caption class="${counts.failed ? "fail" : "pass"}">Claims: ${escapeHtml(claimSummaryText(counts))}</caption>` +
    `<thead><tr><th>claim</th><th>predicted</th><th>measured</th><th>tolerance</th><th>result</th></tr></thead>` +
    `<tbody>${body}</tbody></table>`
  );
}

/**
 * One output → HTML. Charts as SVG (rendered now if the output has only a Vega-Lite spec), claims tables from their
 * rows, HTML as is, images inline, text in <pre>.
 */
async function outputHtml(o, ctx) {
  if (o.output_type === "stream") {
    const t = stripAnsi(text(o.text));
    return t.trim() ? `<pre class="stream ${o.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(t)}</pre>` : "";
  }
  if (o.output_type === "error") {
    const tb = stripAnsi(text(o.traceback?.join ? o.traceback.join("\n") : o.traceback));
    return `<pre class="error">${escapeHtml(`${o.ename}: ${o.evalue}`)}${tb ? `\n${escapeHtml(tb)}` : ""}</pre>`;
  }
  const d = o.data ?? {};
  if (d[CLAIMS_MIME]?.rows) return claimsTableHtml(d[CLAIMS_MIME].rows, ctx.errors);
  if (d[RUN_INFO_MIME] && d["text/html"]) return text(d["text/html"]);
  // a chart: its SVG (rendered now if the output has only the spec) and, with a spec, the live interactive view
  const vl = Object.keys(d).find((k) => /^application\/vnd\.vegalite\.v\d+\+json$/.test(k));
  const spec = vl ? (typeof d[vl] === "string" ? JSON.parse(d[vl]) : d[vl]) : undefined;
  if (d["image/svg+xml"]) return chartFigure(text(d["image/svg+xml"]), spec, text(d["text/plain"]), ctx);
  if (spec) return chartFigure(await ctx.renderSvg(spec), spec, text(d["text/plain"]), ctx);
  if (d["text/html"]) return `<div class="html-output">${text(d["text/html"])}</div>`;
  for (const img of ["image/png", "image/jpeg", "image/gif"]) {
    if (d[img])
      return `<img class="output" alt="${escapeHtml(text(d["text/plain"]))}" src="data:${img};base64,${text(d[img]).replace(/\s/g, "")}">`;
  }
  if (d["text/markdown"]) return `<div class="markdown">${renderMarkdown(text(d["text/markdown"]), ctx.errors)}</div>`;
  if (d["text/latex"]) {
    const t = text(d["text/latex"])
      .trim()
      .replace(/^\$\$?|\$\$?$/g, "");
    return `<div class="math-display">${renderInline(`$${t}$`, ctx.errors)}</div>`;
  }
  if (d["text/plain"] !== undefined) return `<pre class="text">${escapeHtml(stripAnsi(text(d["text/plain"])))}</pre>`;
  return "";
}

const CSS = `
:root{color-scheme:light}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2328;max-width:980px;margin:0 auto;padding:24px 28px 64px}
header.report{border-bottom:1px solid #d0d7de;margin-bottom:24px;padding-bottom:12px}
header.report h1{margin:0 0 8px;font-size:1.8em}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0 16px;font-size:14px}
dl.meta dt{color:#57606a}dl.meta dd{margin:0}
nav.back{font-size:14px;margin-bottom:8px}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:right;vertical-align:top}
th{background:#f6f8fa}
td.claim,table.claims th:first-child,table.params td,table.params th,table.index th{text-align:left}
table.claims caption{text-align:left;font-weight:600;padding:4px 0}
caption.pass{color:#1a7f37}caption.fail{color:#cf222e}
td.verdict{white-space:nowrap}
tr.pass td.verdict{color:#1a7f37;background:#dafbe1;font-weight:600}
tr.not-applicable{color:#57606a}tr.not-applicable td.verdict{color:#57606a;background:#eaeef2;font-weight:600}
table.claims div.reason,table.claims div.derivation{font-size:0.85em;color:#57606a}
tr.fail td.verdict{color:#cf222e;background:#ffebe9;font-weight:600}
tr.fail td{background:#fff5f5}
tr.overridden td{background:#fff8c5;font-weight:600}
details.code{margin:12px 0 4px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa}
details.code summary{cursor:pointer;padding:4px 10px;font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:#57606a}
details.code pre{margin:0;padding:8px 12px;border-top:1px solid #d0d7de;overflow-x:auto;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;background:#fff}
pre.stream,pre.text,pre.error{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;padding:6px 10px;margin:4px 0;overflow-x:auto;white-space:pre-wrap}
pre.stderr{background:#fff8f0}pre.error{background:#ffebe9;color:#82071e}
figure.chart{margin:8px 0;overflow-x:auto}figure.chart svg{max-width:100%;height:auto}
.math-display{overflow-x:auto;overflow-y:hidden;margin:8px 0}
.markdown-cell code{background:#f6f8fa;padding:1px 4px;border-radius:4px}
.markdown-cell pre code{display:block;padding:8px}
footer{margin-top:40px;font-size:12px;color:#57606a}
${CHART_CSS}`;

/**
 * Builds the report page of one executed notebook.
 *
 * @param nb - the executed notebook (JSON).
 * @param meta - { name, title, date, commit, runSeconds, parameters: [{name, value, overridden}], source }
 * @param ctx - { renderSvg(spec) → Promise<string>, errors: string[] }
 * @returns { html, facts: { claims, runInfo, passed, notApplicable, failed } }
 */
export async function buildReportHtml(nb, meta, ctx) {
  const { claims, runInfo } = collectFacts(nb);
  const parts = [];
  let codeIndex = 0;
  const title = meta.title ?? notebookTitle(nb, meta.name);
  let titleShown = false;
  for (const cell of nb.cells ?? []) {
    const tags = cell.metadata?.tags ?? [];
    if (tags.includes(REPORT_CELL_TAG)) continue;
    if (cell.cell_type === "markdown") {
      let src = text(cell.source);
      if (!titleShown) {
        // the header shows the title: drop the heading it came from
        const m = /^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$/m.exec(src);
        if (m && m[1] === title) {
          src = src.replace(m[0], "");
          titleShown = true;
        }
      }
      parts.push(`<section class="markdown-cell">${renderMarkdown(src, ctx.errors)}</section>`);
    } else if (cell.cell_type === "code") {
      codeIndex++;
      const src = text(cell.source);
      const secs = cellSeconds(cell);
      const first = src.split("\n").find((l) => l.trim()) ?? "";
      const label =
        `${tags.includes("parameters") ? "parameters · " : ""}In [${cell.execution_count ?? codeIndex}]` +
        `${secs !== undefined ? ` · ${formatSeconds(secs)}` : ""} · ${first.length > 70 ? `${first.slice(0, 70)}…` : first}`;
      parts.push(
        `<details class="code"><summary>${escapeHtml(label)}</summary><pre><code>${escapeHtml(src)}</code></pre></details>`,
      );
      for (const o of cell.outputs ?? []) parts.push(await outputHtml(o, ctx));
    } else if (cell.cell_type === "raw") {
      parts.push(`<pre class="text">${escapeHtml(text(cell.source))}</pre>`);
    }
  }
  const { passed, notApplicable, failed } = claimCounts(claims);
  const device = runInfo ? `${runInfo.backend} — ${runInfo.device}` : "unknown (the notebook displayed no run info)";
  const versions = runInfo?.versions
    ? `tfjs ${runInfo.versions.tfjs}, Node ${runInfo.versions.node}, landscape-lab ${runInfo.versions.landscapeLab}`
    : "";
  const params = meta.parameters ?? [];
  const paramsHtml = params.length
    ? `<table class="params"><thead><tr><th>parameter</th><th>value used</th><th>domain</th></tr></thead><tbody>${params
        .map(
          (p) =>
            `<tr class="${p.overridden ? "overridden" : ""}"><td><code>${escapeHtml(p.name)}</code></td>` +
            `<td><code>${escapeHtml(p.value)}</code>${p.overridden ? " (set on the command line)" : ""}</td>` +
            `<td>${escapeHtml(p.domain ?? "")}${p.description ? ` — ${escapeHtml(p.description)}` : ""}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : "<p>This notebook has no parameters cell.</p>";
  const live = liveChartsTail(ctx);
  const claimsHtml = claims.length
    ? claimsTableHtml(claims, ctx.errors)
    : `<p class="fail"><strong>No claims table</strong>: the notebook displayed none.</p>`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="landscape-lab report">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>${escapeHtml(markdownToPlain(title))}</title>
<style>${katexCss()}</style>
<style>${CSS}</style>
</head>
<body>
<header class="report">
<nav class="back"><a href="index.html">← all tutorials</a></nav>
<h1>${renderMarkdownInline(title, ctx.errors)}</h1>
<dl class="meta">
<dt>notebook</dt><dd><code>${escapeHtml(meta.source ?? `${meta.name}.ipynb`)}</code></dd>
<dt>run</dt><dd>${escapeHtml(meta.date)}, ${escapeHtml(formatSeconds(meta.runSeconds))} (kernel start included)</dd>
<dt>commit</dt><dd><code>${escapeHtml(meta.commit)}</code></dd>
<dt>backend, device</dt><dd>${escapeHtml(device)}</dd>
${versions ? `<dt>versions</dt><dd>${escapeHtml(versions)}</dd>` : ""}
</dl>
<section class="claims-summary">${claimsHtml}</section>
<details class="params-box"${params.some((p) => p.overridden) ? " open" : ""}><summary>Parameters</summary>${paramsHtml}</details>
</header>
<main>
${parts.filter(Boolean).join("\n")}
</main>
<footer>Exported by <code>npm run report</code> (landscape-lab). Code cells are folded: click to open. ${
    live.cost.charts
      ? "Charts are live: hover a mark for its values, wheel to zoom, drag to pan, double-click to reset, click a legend entry to pick its series. "
      : ""
  }This page loads nothing from the network.</footer>
${live.scripts}
</body>
</html>
`;
  return {
    html,
    facts: {
      title,
      claims,
      runInfo,
      passed,
      notApplicable,
      failed,
      explorables: ctx.explorables ?? [],
      chartBytes: live.cost,
    },
  };
}

/** Links to a report's explorable figures (its summary's `explorables`), for the index. */
function explorableLinks(e) {
  const list = Array.isArray(e.explorables) ? e.explorables : [];
  return list
    .map(
      (x) =>
        `<br><a class="explorable-link" href="${escapeHtml(e.name)}.html#${escapeHtml(x.id)}">▶ explore: ${renderMarkdownInline(x.title)}</a>`,
    )
    .join("");
}

/** The index page: every report with its claims summary. */
export function buildIndexHtml(entries) {
  const rows = entries
    .map((e) => {
      const verdict =
        e.claims === 0
          ? "no claims table"
          : claimSummaryText({ passed: e.passed, notApplicable: e.notApplicable ?? 0, failed: e.failed });
      const cls = e.claims === 0 || e.failed ? "fail" : "pass";
      const over = (e.parameters ?? []).filter((p) => p.overridden);
      return (
        `<tr class="${cls}"><td class="claim"><a href="${escapeHtml(e.name)}.html">${renderMarkdownInline(e.title)}</a><br><code>${escapeHtml(e.source)}</code>${explorableLinks(e)}</td>` +
        `<td class="verdict">${escapeHtml(verdict)}</td><td>${escapeHtml(formatSeconds(e.runSeconds))}</td>` +
        `<td class="claim">${escapeHtml(e.device ?? "")}</td><td class="claim">${escapeHtml(e.date)}<br><code>${escapeHtml(e.commit)}</code></td>` +
        `<td class="claim">${over.length ? over.map((p) => `<code>${escapeHtml(`${p.name} = ${p.value}`)}</code>`).join("<br>") : "defaults"}</td></tr>`
      );
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>landscape-lab reports</title>
<style>${katexCss()}</style>
<style>${CSS}</style>
</head>
<body>
<header class="report"><h1>landscape-lab: tutorial reports</h1>
<p>Each tutorial was executed and exported by <code>npm run report</code>; each page opens offline.</p></header>
<main>
<table class="claims index"><thead><tr><th>tutorial</th><th>claims</th><th>run time</th><th>backend, device</th><th>run</th><th>parameters</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">No reports yet.</td></tr>'}
</tbody></table>
</main>
</body>
</html>
`;
}
