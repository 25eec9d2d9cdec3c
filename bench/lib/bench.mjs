/**
 * Shared helpers for bench/<topic>.bench.mjs scripts (method: bench/README.md).
 *
 *   import { loadLibrary, timeIt, python, row, writeResults } from "./lib/bench.mjs";
 *   const lib = loadLibrary();                        // the BUILT library (dist/), after `npm run build`
 *   const project = await timeIt(() => lib.f(x), { warmup: 1, runs: 5 });
 *   const ref = python(`
 *   import numpy as np
 *   a = np.random.default_rng(0).standard_normal((P["n"], P["n"]))
 *   emit(bench(lambda: np.linalg.eigvalsh(a @ a.T)))`, { n: 400 });
 *   writeResults("topic", [row("eigh 400", project, ref && { label: "NumPy eigvalsh", ...ref }, "note")]);
 *
 * Timing: warm-up runs are discarded, then `runs` timed runs (or fewer when `maxMs` of timed work is spent, never
 * fewer than `minRuns`); median, min and max in milliseconds. The Python reference times itself with
 * time.perf_counter after its own warm-up and runs with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed from its
 * environment (the machine sets them and they slow OpenBLAS ~1.7×).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OUT_DIR = path.join(ROOT, "bench", "out");
export const PYTHON = process.env.LANDSCAPE_PYTHON ?? "/usr/bin/python3";
const require = createRequire(import.meta.url);

/** The built library (dist/index.js); throws telling to build when it is missing. */
export function loadLibrary() {
  const main = path.join(ROOT, "dist", "index.js");
  if (!existsSync(main)) throw new Error("the library is not built: run `npm run build` first");
  return require(main);
}

/** Median of a numeric array (mean of the two middle values for even length). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Summary of timing samples in ms: { median_ms, min_ms, max_ms, runs }. */
export function summarize(samples) {
  if (!samples.length) throw new Error("samples: expected at least one timing");
  return {
    median_ms: round(median(samples)),
    min_ms: round(Math.min(...samples)),
    max_ms: round(Math.max(...samples)),
    runs: samples.length,
  };
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}

/**
 * Times `fn` (sync or async): `warmup` discarded runs (and more until `warmupMs` have passed), then up to `runs` timed
 * runs; stops early once `maxMs` of timed work is spent but never before `minRuns`. `setup` (untimed) runs before every
 * call and its value is passed.
 *
 * @returns { median_ms, min_ms, max_ms, runs, samples }
 */
export async function timeIt(fn, { warmup = 1, warmupMs = 0, runs = 5, minRuns = 3, maxMs = Infinity, setup } = {}) {
  // Warm-up: at least `warmup` calls and at least `warmupMs` of them (sub-millisecond calls need hundreds before V8's
  // optimizing compiler has compiled the hot loops; timing them earlier measures the JIT, not the code).
  const warmStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmStart < warmupMs; i++)
    await fn(setup ? await setup() : undefined);
  const samples = [];
  let spent = 0;
  for (let i = 0; i < runs; i++) {
    const arg = setup ? await setup() : undefined;
    const t0 = performance.now();
    await fn(arg);
    const dt = performance.now() - t0;
    samples.push(dt);
    spent += dt;
    if (spent > maxMs && samples.length >= Math.min(minRuns, runs)) break;
  }
  return { ...summarize(samples), samples: samples.map(round) };
}

/** process.env without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (for the reference's process only). */
export function referenceEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/**
 * Python prelude available to reference code: `P` (the params, from stdin JSON), `np`, `bench(fn, warmup=1,
 * runs=5, max_ms=inf)` returning the same summary as timeIt, and `emit(obj)` printing the one JSON result line.
 */
export const PY_PRELUDE = String.raw`
import json, sys, time, statistics, math
import numpy as np
P = json.loads(sys.stdin.read() or "{}")
def bench(fn, warmup=1, runs=5, max_ms=math.inf, min_runs=3):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(runs):
        t = time.perf_counter(); fn(); ts.append((time.perf_counter() - t) * 1000.0)
        if sum(ts) > max_ms and len(ts) >= min(min_runs, runs):
            break
    r = lambda x: round(x, 3)
    return {"median_ms": r(statistics.median(ts)), "min_ms": r(min(ts)), "max_ms": r(max(ts)), "runs": len(ts)}
def emit(obj):
    print("\n@@BENCH_JSON@@" + json.dumps(obj, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)))
`;

/**
 * Runs reference code in Debian's /usr/bin/python3 (numpy, scipy) with OpenBLAS's slowing variables removed and
 * returns the object it passed to `emit(...)`. Returns null (and prints why) when Python or NumPy is missing, so a
 * bench still reports the project's numbers on a machine without the reference.
 *
 * @param code - Python source using the prelude (`P`, `np`, `bench`, `emit`).
 * @param params - JSON-serializable parameters, available as `P`.
 * @param options.timeoutMs - kill after this long (default 10 min).
 */
export function python(code, params = {}, { timeoutMs = 600_000, env = {} } = {}) {
  const r = spawnSync(PYTHON, ["-c", PY_PRELUDE + "\n" + code], {
    input: JSON.stringify(params),
    env: referenceEnv(env),
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) {
    console.error(`reference: ${PYTHON} did not run (${r.error.message})`);
    return null;
  }
  const marker = r.stdout.lastIndexOf("@@BENCH_JSON@@");
  if (r.status !== 0 || marker < 0) {
    const tail = (r.stderr || r.stdout).trim().split("\n").slice(-6).join("\n");
    console.error(`reference: python exited ${r.status}:\n${tail}`);
    return null;
  }
  return JSON.parse(
    r.stdout
      .slice(marker + "@@BENCH_JSON@@".length)
      .trim()
      .split("\n")[0],
  );
}

/**
 * Runs a command under GNU /usr/bin/time -v and returns { status, wall_ms, peak_rss_mb, stdout, stderr }. Peak RSS
 * is GNU time's "Maximum resident set size": the largest of the command's process and its waited-for descendants.
 */
export function measureCommand(cmd, args, { env = process.env, cwd = ROOT, timeoutMs = 600_000 } = {}) {
  const t0 = performance.now();
  const useTime = existsSync("/usr/bin/time");
  const r = spawnSync(useTime ? "/usr/bin/time" : cmd, useTime ? ["-v", cmd, ...args] : args, {
    env,
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall_ms = performance.now() - t0;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  return {
    status: r.status,
    wall_ms,
    peak_rss_mb: m ? Number(m[1]) / 1024 : null,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
  };
}

/** This process's peak resident set size in MiB (process.resourceUsage().maxRSS). */
export function selfPeakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * One result row in the format of COMMON.md. `reference` is null or { label, median_ms, min_ms, max_ms, runs };
 * `ratio` = reference median / project median (> 1: the project is faster).
 */
export function row(name, project, reference = null, note = "", extra = {}) {
  const p = { median_ms: project.median_ms, min_ms: project.min_ms, max_ms: project.max_ms, runs: project.runs };
  const ref =
    reference && Number.isFinite(reference.median_ms)
      ? {
          label: reference.label ?? "reference",
          median_ms: reference.median_ms,
          min_ms: reference.min_ms,
          max_ms: reference.max_ms,
          runs: reference.runs,
        }
      : null;
  const ratio = ref && p.median_ms > 0 ? Math.round((ref.median_ms / p.median_ms) * 1000) / 1000 : null;
  return { name, project: p, reference: ref, ratio, note, ...extra };
}

function fmtMs(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(2)} ms`;
}

/** "median (min–max)" for a timing summary. */
export function fmtTiming(t) {
  if (!t) return "—";
  return `${fmtMs(t.median_ms)} (${fmtMs(t.min_ms)}–${fmtMs(t.max_ms)}, n=${t.runs})`;
}

/** Prints rows as a plain-text table on stdout. */
export function printTable(topic, rows) {
  const lines = [["benchmark", "project median (min–max)", "reference median (min–max)", "ratio", "note"]];
  for (const r of rows) {
    lines.push([
      r.name,
      fmtTiming(r.project),
      r.reference ? `${r.reference.label}: ${fmtTiming(r.reference)}` : "—",
      r.ratio === null ? "—" : `${r.ratio.toFixed(2)}×`,
      r.note ?? "",
    ]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => String(l[c]).length)));
  console.log(`\n== ${topic} (ratio = reference / project; > 1 means faster than the reference)`);
  for (const l of lines) console.log(l.map((cell, c) => String(cell).padEnd(widths[c])).join("  "));
}

/** Writes bench/out/<topic>.json (the rows) and prints the table. */
export function writeResults(topic, rows) {
  if (!/^[\w.-]+$/.test(topic)) throw new Error(`topic: expected a file-name-safe name, got "${topic}"`);
  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${topic}.json`);
  writeFileSync(file, JSON.stringify(rows, null, 2) + "\n");
  printTable(topic, rows);
  console.log(`→ ${path.relative(process.cwd(), file)}`);
  return file;
}

/** The machine in words and versions: CPU model, cores, memory, node, numpy/scipy/OpenBLAS, tfjs, load. */
export function machineInfo() {
  const cpus = os.cpus();
  let numpy = null;
  let scipy = null;
  const r = spawnSync(PYTHON, ["-c", "import numpy, scipy; print(numpy.__version__, scipy.__version__)"], {
    encoding: "utf8",
    env: referenceEnv(),
  });
  if (r.status === 0) [numpy, scipy] = r.stdout.trim().split(/\s+/);
  let openblas = null;
  const d = spawnSync("dpkg-query", ["-W", "-f=${Version}", "libopenblas0-pthread"], { encoding: "utf8" });
  if (d.status === 0 && d.stdout.trim()) openblas = d.stdout.trim();
  let tfjs = null;
  try {
    tfjs = require(path.join(ROOT, "node_modules", "@tensorflow", "tfjs", "package.json")).version;
  } catch {
    // not installed
  }
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
    tfjs,
    python: PYTHON,
    numpy,
    scipy,
    openblas,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
