/**
 * Cost of `npm run report` against the notebooks' own execution (issue 3: exporting ≤ 1.5× execution).
 *
 *   npm run build && node bench/report.bench.mjs [notebooks/x.ipynb …]
 *
 * For each notebook (default: every notebooks/*.ipynb and the report test fixture), alternately:
 *  - execution alone: the project's runner (scripts/run-notebooks.mjs: nbclient + the landscape-lab kernel), timed
 *    in this process around `runNotebook` — the "reference" column;
 *  - the whole report command: `node scripts/report.mjs <nb> --out <tmp>` as a user runs it (Node start, execution,
 *    HTML export, index) — the "project" column.
 * Ratio = execution / report: ≥ 0.667 meets the goal (report ≤ 1.5× execution). This machine is shared and noisy
 * (the same notebook's execution varies 3× between runs), so a second row pairs each report run with the execution
 * inside that same run (the runner call the report command makes, timed by it): report wall time / that execution.
 * A third row times the HTML export alone (in process, warm) on the executed notebook.
 *
 * Env: BENCH_REPORT_RUNS (timed runs per notebook, default 3), BENCH_REPORT_WARMUP (default 1).
 * No NumPy reference: there is no Python counterpart of the export.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, row, summarize, writeResults } from "./lib/bench.mjs";

const runs = Number(process.env.BENCH_REPORT_RUNS ?? 3);
const warmup = Number(process.env.BENCH_REPORT_WARMUP ?? 1);
const GOAL = 1.5;

const { runNotebook, checkJupyter } = await import(path.join(ROOT, "scripts", "run-notebooks.mjs"));
const { buildReportHtml } = await import(path.join(ROOT, "scripts", "report", "html.mjs"));
checkJupyter();

const args = process.argv.slice(2);
const nbDir = path.join(ROOT, "notebooks");
const notebooks = args.length
  ? args.map((a) => path.resolve(a))
  : [
      ...(existsSync(nbDir)
        ? readdirSync(nbDir)
            .filter((f) => f.endsWith(".ipynb"))
            .sort()
            .map((f) => path.join(nbDir, f))
        : []),
      path.join(ROOT, "test", "fixtures", "report-ok.ipynb"),
    ];

const tmp = mkdtempSync(path.join(os.tmpdir(), "landscape-report-bench-"));
const rows = [];
try {
  for (const nb of notebooks) {
    const rel = path.relative(ROOT, nb);
    const exec = [];
    const report = [];
    const inner = [];
    let failed = null;
    for (let i = 0; i < warmup + runs && !failed; i++) {
      let t0 = performance.now();
      try {
        await runNotebook(nb, { outDir: path.join(tmp, "exec") });
      } catch (e) {
        failed = `execution failed: ${e.message.split("\n")[0]}`;
        break;
      }
      const te = performance.now() - t0;
      t0 = performance.now();
      const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "report.mjs"), nb, "--out", tmp], {
        cwd: ROOT,
        encoding: "utf8",
      });
      const tr = performance.now() - t0;
      if (r.status !== 0) {
        failed = `report failed: ${(r.stderr || r.stdout).trim().split("\n")[0]}`;
        break;
      }
      const summary = JSON.parse(readFileSync(path.join(tmp, `${path.basename(nb, ".ipynb")}.json`), "utf8"));
      if (i >= warmup) {
        exec.push(te);
        report.push(tr);
        inner.push(summary.executeSeconds * 1000);
      }
      process.stderr.write(
        `${rel}: run ${i + 1}: execution ${(te / 1000).toFixed(2)} s, report ${(tr / 1000).toFixed(2)} s\n`,
      );
    }
    if (failed) {
      console.error(`${rel}: ${failed}`);
      continue;
    }
    const e = summarize(exec);
    const r = summarize(report);
    const factor = r.median_ms / e.median_ms;
    rows.push(
      row(
        `report ${path.basename(nb)}`,
        r,
        { label: "execution alone (runner)", ...e },
        `report = ${factor.toFixed(2)}× execution (goal ≤ ${GOAL}×: ${factor <= GOAL ? "met" : "NOT met"})`,
      ),
    );
    const paired = report.map((t, k) => t / inner[k]).sort((a, b) => a - b);
    const pf = paired[paired.length >> 1];
    rows.push(
      row(
        `report ${path.basename(nb)} (paired)`,
        r,
        { label: "execution inside the same run", ...summarize(inner) },
        `median paired factor ${pf.toFixed(2)}× (${paired.map((x) => x.toFixed(2)).join(", ")}); goal ≤ ${GOAL}×: ${pf <= GOAL ? "met" : "NOT met"}`,
      ),
    );
    // The export alone, in process and warm, on the executed notebook the report command wrote.
    const executed = JSON.parse(readFileSync(path.join(tmp, "executed", `${path.basename(nb)}`), "utf8"));
    const meta = { name: "bench", date: "", commit: "", runSeconds: 0, parameters: [] };
    const ctx = { renderSvg: async () => "<svg></svg>", errors: [] };
    await buildReportHtml(executed, meta, ctx);
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await buildReportHtml(executed, meta, ctx);
      samples.push(performance.now() - t0);
    }
    rows.push(
      row(`export only ${path.basename(nb)}`, summarize(samples), null, "HTML build from the executed notebook"),
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
writeResults("report", rows);
