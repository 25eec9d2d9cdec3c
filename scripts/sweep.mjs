#!/usr/bin/env node
/**
 * `npm run sweep`: runs a notebook end to end through the report command with parameter sets drawn at random from
 * the domains its library declares, and records what each run's claims table said.
 *
 *   node scripts/sweep.mjs notebooks/…ipynb […] [--count N] [--seed S] [--out DIR] [--timeout SECONDS]
 *
 * Each set is drawn by the notebook's `ParameterSchema` (`schema.sample(createRng(seed + i), schema.sweepDomains)`:
 * the declared domains, narrowed where the schema says so to keep a run within the notebook's time budget) and
 * passed as `--set` values, so the report command checks it like a reader's. A run counts as
 *   - ok: the report was written and no applicable claim failed;
 *   - fail: a claim that applies failed (a finding to read);
 *   - crash: the report command failed (a cell raised, a timeout) — never acceptable inside the domains.
 * The record goes to `<out>/<notebook>.json` (every set, its parameters, counts, failing and not-applicable rows
 * with their reasons, seconds) and a summary table in `<out>/README.md`. Exit status 1 when any run crashed or
 * failed. Default out: `sweeps/`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A value as `--set` text: strings quoted, numbers, booleans and arrays as JSON. */
export function setText(value) {
  return JSON.stringify(value);
}

/** Parses the command line. */
export function parseSweepArgs(argv) {
  const opts = { notebooks: [], count: 30, seed: 1, out: path.join(ROOT, "sweeps"), timeout: 600 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: expected a value`);
      return v;
    };
    if (a === "--count") opts.count = Number(value());
    else if (a === "--seed") opts.seed = Number(value());
    else if (a === "--out") opts.out = path.resolve(value());
    else if (a === "--timeout") opts.timeout = Number(value());
    else if (a.startsWith("--"))
      throw new Error(`unknown option ${a} (expected --count N, --seed S, --out DIR, --timeout S)`);
    else opts.notebooks.push(path.resolve(a));
  }
  if (!Number.isInteger(opts.count) || opts.count < 1)
    throw new Error(`--count: expected an integer ≥ 1, got ${opts.count}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`--seed: expected an integer, got ${opts.seed}`);
  if (!opts.notebooks.length) throw new Error("expected at least one notebook (notebooks/…ipynb)");
  return opts;
}

/** The notebook's parameter schema (from its metadata and the built library). */
export function notebookSchema(notebook, library) {
  const nb = JSON.parse(readFileSync(notebook, "utf8"));
  const name = nb.metadata?.["landscape-lab"]?.parameters;
  const schema = name && library[name];
  if (!schema || typeof schema.sample !== "function") {
    throw new Error(`${path.relative(ROOT, notebook)}: no parameter schema (metadata "landscape-lab".parameters)`);
  }
  return schema;
}

/** Runs one parameter set through the report command and reads its claims. */
function runOne(notebook, values, timeout) {
  const out = mkdtempSync(path.join(tmpdir(), "landscape-sweep-"));
  const sets = Object.entries(values).flatMap(([k, v]) => ["--set", `${k}=${setText(v)}`]);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "report.mjs"), notebook, ...sets, "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeout * 1000,
  });
  const seconds = (performance.now() - t0) / 1000;
  const name = path.basename(notebook, ".ipynb");
  try {
    if (r.status !== 0) {
      const tail = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.trim().split("\n").slice(-6).join("\n");
      return { outcome: "crash", seconds, error: r.error ? String(r.error) : tail };
    }
    const summary = JSON.parse(readFileSync(path.join(out, `${name}.json`), "utf8"));
    const rows = summary.rows ?? [];
    const failing = rows.filter((x) => x.status === "fail");
    const notApplicable = rows.filter((x) => x.status === "not-applicable");
    return {
      outcome: failing.length ? "fail" : "ok",
      seconds,
      runSeconds: summary.runSeconds,
      counts: { passed: summary.passed, notApplicable: summary.notApplicable, failed: summary.failed },
      failing: failing.map((x) => ({
        claim: x.claim,
        predicted: x.predicted,
        measured: x.measured,
        tolerance: x.tolerance,
      })),
      notApplicable: notApplicable.map((x) => ({ claim: x.claim, reason: x.reason })),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The summary table of every recorded sweep in `dir`. */
export function sweepReadme(dir) {
  const records = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")));
  const lines = [
    "# Recorded parameter sweeps",
    "",
    "Written by `npm run sweep -- notebooks/<name>.ipynb --count N --seed S`: each set drawn from the domains the",
    "tutorial's library declares (`sweepDomains` narrow some to keep a run within the time budget) and run end to end",
    "through `npm run report`. ok = no applicable claim failed; fail = an applicable claim failed; crash = the run",
    "did not finish. The JSON beside this file lists every set with its claims' outcomes and reasons.",
    "",
    "| notebook | date | commit | sets | ok | fail | crash | not-applicable rows per run (max / mean) | claims per run | run time per set (median / max) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const rec of records) {
    const runs = rec.runs;
    const count = (o) => runs.filter((r) => r.outcome === o).length;
    const na = runs.filter((r) => r.counts).map((r) => r.counts.notApplicable);
    const claims = runs.filter((r) => r.counts).map((r) => r.counts.passed + r.counts.notApplicable + r.counts.failed);
    const secs = runs.map((r) => r.seconds).sort((a, b) => a - b);
    const med = secs.length ? secs[Math.floor(secs.length / 2)] : NaN;
    lines.push(
      `| ${rec.notebook} | ${rec.date} | ${rec.commit} | ${runs.length} | ${count("ok")} | ${count("fail")} | ${count("crash")} | ` +
        `${na.length ? Math.max(...na) : "–"} / ${na.length ? (na.reduce((a, b) => a + b, 0) / na.length).toFixed(2) : "–"} | ` +
        `${claims.length ? `${Math.min(...claims)}–${Math.max(...claims)}` : "–"} | ${med.toFixed(0)} s / ${secs.length ? secs[secs.length - 1].toFixed(0) : "–"} s |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

async function main(argv) {
  const opts = parseSweepArgs(argv);
  const library = createRequire(import.meta.url)(path.join(ROOT, "dist", "index.js"));
  const commit = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  mkdirSync(opts.out, { recursive: true });
  let bad = 0;
  for (const notebook of opts.notebooks) {
    const schema = notebookSchema(notebook, library);
    const name = path.basename(notebook, ".ipynb");
    const runs = [];
    for (let i = 0; i < opts.count; i++) {
      const values = schema.sample(library.createRng(opts.seed + i), schema.sweepDomains);
      const result = runOne(notebook, values, opts.timeout);
      runs.push({ index: i, seed: opts.seed + i, parameters: values, ...result });
      const c = result.counts;
      console.log(
        `${name} #${i + 1}/${opts.count} ${result.outcome} (${result.seconds.toFixed(0)} s)` +
          (c ? ` ${c.passed} hold · ${c.notApplicable} n/a · ${c.failed} fail` : "") +
          ` ${JSON.stringify(values)}`,
      );
      for (const f of result.failing ?? [])
        console.log(`    FAIL ${f.claim}: predicted ${f.predicted}, measured ${f.measured}`);
      if (result.error) console.log(`    ${result.error.replace(/\n/g, "\n    ")}`);
      if (result.outcome !== "ok") bad++;
    }
    const record = {
      notebook: path.relative(ROOT, notebook),
      date: new Date().toISOString().slice(0, 10),
      commit,
      seed: opts.seed,
      count: opts.count,
      runs,
    };
    writeFileSync(path.join(opts.out, `${name}.json`), `${JSON.stringify(record, null, 1)}\n`);
  }
  writeFileSync(path.join(opts.out, "README.md"), sweepReadme(opts.out));
  console.log(
    `${bad ? `${bad} run(s) crashed or failed` : "every run ok"}; recorded in ${path.relative(process.cwd(), opts.out)}/`,
  );
  process.exit(bad ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exit(2);
  });
}
