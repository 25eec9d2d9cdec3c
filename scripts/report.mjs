#!/usr/bin/env node
/**
 * `npm run report`: executes notebooks and exports each as one self-contained HTML page, plus an index.
 *
 *   node scripts/report.mjs [notebooks/…ipynb …] [--set name=value …] [--out DIR] [--timeout SECONDS]
 *
 * With no notebook it exports every notebooks/*.ipynb. `--set` overrides a value of the cell tagged `parameters`
 * (papermill's convention); a name that cell does not define is an error listing the parameters, raised before
 * anything runs. Each notebook runs through the project's runner (scripts/run-notebooks.mjs: Debian nbclient and
 * the project's kernel); the report records the parameter values used, backend and device (from the run itself),
 * commit, date and run time. Files are written atomically: a notebook that fails leaves its previous report (if
 * any) as it was, and the error names the notebook, the cell and the message.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NotebookError, ROOT, checkJupyter, resolveNotebooks, runNotebook } from "./run-notebooks.mjs";
import { REPORT_CELL_TAG } from "./report/constants.mjs";
import { buildIndexHtml, buildReportHtml, claimSummaryText } from "./report/html.mjs";
import { ParameterError, applyParameters, checkParameterDomains, parseSets } from "./report/params.mjs";

export { ParameterError, NotebookError };

/** Writes a file atomically: a temporary file in the same folder, then rename. */
export function writeAtomic(file, content) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The commit the report was made from (short hash, "+ uncommitted changes" when the tree differs from it). */
export function gitCommit(cwd = ROOT) {
  const r = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd, encoding: "utf8" });
  if (r.status !== 0) return "unknown (not a git checkout)";
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, encoding: "utf8" });
  return `${r.stdout.trim()}${dirty.stdout?.trim() ? " + uncommitted changes" : ""}`;
}

/** The cell appended to each run: it displays what computed the run (backend, device, versions). */
function runInfoCell() {
  return {
    cell_type: "code",
    id: "landscape-lab-report-run-info",
    metadata: { tags: [REPORT_CELL_TAG] },
    execution_count: null,
    outputs: [],
    source:
      'import { displayRunInfo as landscapeLabReportRunInfo } from "landscape-lab";\nawait landscapeLabReportRunInfo();',
  };
}

/** Removes parameter-applied copies left beside a notebook by a report command that was killed. */
function removeStaleSources(dir, name) {
  const re = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.report-(\\d+)\\.ipynb$`);
  for (const f of readdirSync(dir)) {
    const m = re.exec(f);
    if (!m || Number(m[1]) === process.pid) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      alive = false;
    }
    if (!alive) rmSync(path.join(dir, f), { force: true });
  }
}

let library;
/** The built library (`dist/index.js`), loaded on first use: parameter schemas and vega rendering. */
function loadLibrary() {
  if (!library) library = createRequire(import.meta.url)(path.join(ROOT, "dist", "index.js"));
  return library;
}

/** vega rendering for outputs that carry only a Vega-Lite spec. */
async function renderSvgLazily(spec) {
  return loadLibrary().renderSvg(spec);
}

/**
 * Prepares the notebooks: reads each, applies the `--set` values and checks every value against the domains the
 * notebook's library declares (all before anything runs).
 *
 * @returns [{ notebook, name, prepared, parameters }]
 * @throws ParameterError naming the parameter, its domain and the value, or listing the notebook's parameters.
 */
export function prepareNotebooks(notebooks, sets) {
  return notebooks.map((notebook) => {
    const rel = path.relative(process.cwd(), notebook) || notebook;
    let nb;
    try {
      nb = JSON.parse(readFileSync(notebook, "utf8"));
    } catch (e) {
      throw new NotebookError(`${rel}: not a readable notebook (${e.message})`, { notebook });
    }
    const applied = applyParameters(nb, sets, rel);
    const prepared = applied.notebook;
    const parameters = checkParameterDomains(prepared, applied.parameters, rel, loadLibrary);
    prepared.cells.push(runInfoCell());
    return { notebook, rel, name: path.basename(notebook, ".ipynb"), prepared, parameters };
  });
}

/**
 * Executes one prepared notebook and writes `<outDir>/<name>.html` and its summary `<outDir>/<name>.json`.
 *
 * @returns the summary { name, title, source, date, commit, runSeconds, exportSeconds, claims, passed, notApplicable,
 *   failed, rows (every claim row), device, parameters }
 * @throws NotebookError (from the runner) naming notebook, cell and message; nothing is written then.
 */
export async function exportOne(
  item,
  { outDir, timeout = 1200, cellTimeout = 600, commit = gitCommit(), log = () => {} },
) {
  const dir = path.dirname(item.notebook);
  removeStaleSources(dir, item.name);
  const source = path.join(dir, `.${item.name}.report-${process.pid}.ipynb`);
  const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  writeFileSync(source, JSON.stringify(item.prepared, null, 1));
  let result;
  const tRun = performance.now();
  try {
    result = await runNotebook(item.notebook, {
      source,
      outDir: path.join(outDir, "executed"),
      timeout,
      cellTimeout,
    });
  } finally {
    rmSync(source, { force: true });
  }
  const executeSeconds = (performance.now() - tRun) / 1000;
  const t0 = performance.now();
  const executed = JSON.parse(readFileSync(result.output, "utf8"));
  const errors = [];
  const { html, facts } = await buildReportHtml(
    executed,
    {
      name: item.name,
      source: path.relative(ROOT, item.notebook),
      date,
      commit,
      runSeconds: result.seconds,
      parameters: item.parameters,
    },
    { renderSvg: renderSvgLazily, errors },
  );
  for (const e of errors) log(`warning: ${item.rel}: TeX: ${e}`);
  const summary = {
    name: item.name,
    title: facts.title,
    source: path.relative(ROOT, item.notebook),
    date,
    commit,
    runSeconds: result.seconds,
    executeSeconds,
    exportSeconds: (performance.now() - t0) / 1000,
    claims: facts.claims.length,
    passed: facts.passed,
    notApplicable: facts.notApplicable,
    failed: facts.failed,
    rows: facts.claims,
    device: facts.runInfo ? `${facts.runInfo.backend} — ${facts.runInfo.device}` : "unknown",
    parameters: item.parameters,
    explorables: facts.explorables,
    bytes: { page: Buffer.byteLength(html), charts: facts.chartBytes },
  };
  writeAtomic(path.join(outDir, `${item.name}.html`), html);
  writeAtomic(path.join(outDir, `${item.name}.json`), `${JSON.stringify(summary, null, 1)}\n`);
  return summary;
}

/** Rewrites `<outDir>/index.html` from every report summary in the folder. */
export function writeIndex(outDir) {
  const entries = readdirSync(outDir)
    .filter((f) => f.endsWith(".json") && existsSync(path.join(outDir, f.replace(/\.json$/, ".html"))))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(outDir, f), "utf8")))
    .filter((e) => e && typeof e.name === "string" && typeof e.claims === "number");
  writeAtomic(path.join(outDir, "index.html"), buildIndexHtml(entries));
  return entries;
}

/**
 * What a page weighs and what its live charts cost, e.g. "1.31 MB (vega libraries 0.83 MB, 12 chart specs
 * 0.21 MB, static SVG 0.20 MB)".
 */
export function pageCost(bytes) {
  const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
  const c = bytes?.charts;
  if (!c?.charts) return mb(bytes?.page ?? 0);
  const thinned = c.thinnedRows ? `, ${c.thinnedRows} data rows thinned out` : "";
  return `${mb(bytes.page)} (vega libraries ${mb(c.libraries)}, ${c.charts} chart specs ${mb(c.specs)}, static SVG ${mb(c.svg)}${thinned})`;
}

/** Parses the command line. */
export function parseArgs(argv) {
  const opts = { notebooks: [], sets: [], outDir: path.join(ROOT, "reports"), timeout: 1200, cellTimeout: 600 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ParameterError(`${a}: expected a value`);
      return v;
    };
    if (a === "--set") opts.sets.push(value());
    else if (a.startsWith("--set=")) opts.sets.push(a.slice(6));
    else if (a === "--out") opts.outDir = path.resolve(value());
    else if (a === "--timeout") opts.timeout = Number(value());
    else if (a === "--cell-timeout") opts.cellTimeout = Number(value());
    else if (a === "--help" || a === "-h") opts.help = true;
    else if (a.startsWith("--"))
      throw new ParameterError(`unknown option ${a} (expected --set name=value, --out DIR, --timeout S)`);
    else opts.notebooks.push(a);
  }
  if (!(opts.timeout > 0)) throw new ParameterError("--timeout: expected a positive number of seconds");
  if (!(opts.cellTimeout > 0)) throw new ParameterError("--cell-timeout: expected a positive number of seconds");
  return opts;
}

/**
 * The whole command: prepare (check parameters), execute and export each notebook, write the index.
 *
 * @returns { reports: summaries, failures: [{ notebook, message }] }
 */
export async function report(argv, { log = (s) => console.log(s), error = (s) => console.error(s) } = {}) {
  const opts = parseArgs(argv);
  if (opts.help) {
    log("usage: node scripts/report.mjs [notebooks/…ipynb …] [--set name=value …] [--out DIR] [--timeout S]");
    return { reports: [], failures: [] };
  }
  const sets = parseSets(opts.sets);
  const items = prepareNotebooks(resolveNotebooks(opts.notebooks), sets);
  checkJupyter();
  const commit = gitCommit();
  const reports = [];
  const failures = [];
  for (const item of items) {
    try {
      const s = await exportOne(item, { ...opts, commit, log: error });
      reports.push(s);
      log(
        `${item.rel}: ok — ran ${s.runSeconds.toFixed(1)} s, exported in ${s.exportSeconds.toFixed(2)} s, ` +
          `claims: ${claimSummaryText(s)} → ${path.relative(process.cwd(), path.join(opts.outDir, `${s.name}.html`))}`,
      );
      log(`  page ${pageCost(s.bytes)}`);
    } catch (e) {
      if (!(e instanceof NotebookError)) throw e;
      failures.push({ notebook: item.notebook, message: e.message, cell: e.cell });
      error(`${e.message}\n(no report written for ${item.rel})`);
    }
  }
  mkdirSync(opts.outDir, { recursive: true });
  writeIndex(opts.outDir);
  log(`index: ${path.relative(process.cwd(), path.join(opts.outDir, "index.html"))}`);
  return { reports, failures };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  report(process.argv.slice(2))
    .then((r) => process.exit(r.failures.length ? 1 : 0))
    .catch((e) => {
      console.error(e instanceof ParameterError || e instanceof NotebookError ? e.message : e.stack);
      process.exit(2);
    });
}
