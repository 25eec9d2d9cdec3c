/**
 * Each tutorial notebook end to end through the project's runner (scripts/run-notebooks.mjs: nbclient + the
 * landscape-lab kernel, a fresh kernel per run): wall time, and the peak resident set size of the kernel process
 * (recorded inside the kernel by bench/lib/rss-probe.cjs). Notebooks that do not exist yet are skipped.
 *
 *   npm run build && node bench/notebooks.bench.mjs [notebooks/x.ipynb …]
 *
 * Env: BENCH_NOTEBOOK_RUNS (default 3 timed runs after one warm-up; BENCH_NOTEBOOK_WARMUP=0 to skip it).
 * No reference: there is no NumPy notebook doing the same; the goal (issue 8) is ≤ 60 s per notebook on 2 cores.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, row, summarize, writeResults } from "./lib/bench.mjs";

const GOAL_S = 60;
const runs = Number(process.env.BENCH_NOTEBOOK_RUNS ?? 3);
const warmup = Number(process.env.BENCH_NOTEBOOK_WARMUP ?? 1);
const probe = path.join(ROOT, "bench", "lib", "rss-probe.cjs");

const runnerPath = path.join(ROOT, "scripts", "run-notebooks.mjs");
if (!existsSync(runnerPath)) {
  console.error("notebooks bench: scripts/run-notebooks.mjs is missing; nothing to run");
  writeResults("notebooks", []);
  process.exit(0);
}
const { runNotebook, checkJupyter } = await import(runnerPath);

const args = process.argv.slice(2);
const nbDir = path.join(ROOT, "notebooks");
const notebooks = (
  args.length
    ? args.map((a) => path.resolve(a))
    : existsSync(nbDir)
      ? readdirSync(nbDir)
          .filter((f) => f.endsWith(".ipynb") && !f.startsWith(".")) // dotfiles: other tools' temporary copies
          .sort()
          .map((f) => path.join(nbDir, f))
      : []
).filter((nb) => {
  if (existsSync(nb)) return true;
  console.error(`skipped ${path.relative(ROOT, nb)}: does not exist yet`);
  return false;
});

checkJupyter();

/** Slowest code cell of an executed notebook from nbclient's timing metadata: { index, seconds, firstLine }. */
function slowestCell(file) {
  let best = null;
  try {
    const nb = JSON.parse(readFileSync(file, "utf8"));
    nb.cells.forEach((cell, index) => {
      const t = cell.metadata?.execution;
      // tslab sends no execute_input and replies before its output is flushed: busy → idle brackets the cell.
      if (cell.cell_type !== "code" || !t?.["iopub.status.busy"] || !t?.["iopub.status.idle"]) return;
      const seconds = (Date.parse(t["iopub.status.idle"]) - Date.parse(t["iopub.status.busy"])) / 1000;
      const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      if (!best || seconds > best.seconds) best = { index, seconds, firstLine: src.split("\n")[0].slice(0, 60) };
    });
  } catch {
    // no timing metadata
  }
  return best;
}

async function runOnce(nb) {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "landscape-bench-nb-"));
  const probeDir = path.join(outDir, "rss");
  mkdirSync(probeDir);
  try {
    const t0 = performance.now();
    const r = await runNotebook(nb, {
      outDir,
      env: { NODE_OPTIONS: `--require ${probe}`, LANDSCAPE_RSS_PROBE_DIR: probeDir },
    });
    const wallMs = performance.now() - t0;
    let kernelKb = null;
    for (const f of readdirSync(probeDir)) {
      try {
        const p = JSON.parse(readFileSync(path.join(probeDir, f), "utf8"));
        if (p.argv.some((a) => a.endsWith("launch.cjs"))) kernelKb = Math.max(kernelKb ?? 0, p.max_rss_kb);
      } catch {
        // a half-written probe file: ignore
      }
    }
    return {
      wallMs,
      runnerSeconds: r.seconds,
      kernelRssMb: kernelKb === null ? null : kernelKb / 1024,
      slowest: slowestCell(r.output),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const rows = [];
for (const nb of notebooks) {
  const name = path.relative(ROOT, nb);
  process.stdout.write(`${name}: `);
  try {
    for (let i = 0; i < warmup; i++) {
      await runOnce(nb);
      process.stdout.write("w ");
    }
    const results = [];
    for (let i = 0; i < runs; i++) {
      results.push(await runOnce(nb));
      process.stdout.write(`${(results.at(-1).wallMs / 1000).toFixed(1)}s `);
    }
    process.stdout.write("\n");
    const project = summarize(results.map((r) => r.wallMs));
    const rss = results.map((r) => r.kernelRssMb).filter((x) => x !== null);
    const peak = rss.length ? Math.round(Math.max(...rss)) : null;
    const slow = results
      .map((r) => r.slowest)
      .filter(Boolean)
      .sort((a, b) => b.seconds - a.seconds)[0];
    const verdict = project.median_ms <= GOAL_S * 1000 ? `within the ${GOAL_S} s goal` : `OVER the ${GOAL_S} s goal`;
    rows.push(
      row(
        `notebook ${path.basename(nb)} end to end`,
        project,
        null,
        `fresh kernel per run; ${verdict}; kernel peak RSS ${peak ?? "?"} MiB` +
          (slow ? `; slowest cell ${slow.index} (${slow.seconds.toFixed(1)} s): ${slow.firstLine}` : ""),
        { peak_rss_mb: peak, goal_ms: GOAL_S * 1000 },
      ),
    );
  } catch (e) {
    process.stdout.write("FAILED\n");
    console.error(e.message);
    rows.push({
      name: `notebook ${path.basename(nb)} end to end`,
      project: null,
      reference: null,
      ratio: null,
      note: `FAILED: ${e.message.split("\n")[0]}`,
    });
  }
}

writeResults("notebooks", rows);
