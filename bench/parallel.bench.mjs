/**
 * Sweeps on both cores: parallelMap with N workers (default: all cores) against the same sweep run serially in one
 * thread, plus NumPy doing the same sweep for context. Two CPU-bound sweeps:
 *  - ReLU-feature kernel over widths × seeds (float32 tfjs wasm + JS random numbers), like the PL* width sweep;
 *  - spectra of random symmetric matrices over seeds (float64 ml-matrix EVD in plain JavaScript).
 * "warm": the pool's workers already loaded tfjs (a notebook re-running a cell); "cold": fresh workers each run.
 * Goal (issue 8): ≥ 1.8× on 2 cores. The ratio column of the speed-up rows is serial time / parallel time.
 *
 *   npm run build && node bench/parallel.bench.mjs
 */
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT, loadLibrary, python, row, summarize, timeIt, writeResults } from "./lib/bench.mjs";

const lib = loadLibrary();
// src/parallel is re-exported from the package entry once src/index.ts lists it; load the module itself meanwhile.
const par = lib.parallelMap ? lib : createRequire(import.meta.url)(path.join(ROOT, "dist", "parallel", "index.js"));
const { parallelMap, closeParallelPool, defaultWorkers, lastParallelRun } = par;
const { ensureBackend } = lib;
await ensureBackend();
const tasks = path.join(ROOT, "bench", "lib", "sweep-tasks.cjs");
const workers = Number(process.env.BENCH_WORKERS ?? defaultWorkers());
const runs = Number(process.env.BENCH_RUNS ?? 5);

const kernelItems = [];
for (const width of [512, 1024, 2048])
  for (let seed = 1; seed <= 4; seed++) kernelItems.push({ width, seed, repeats: 2 });
const spectrumItems = Array.from({ length: 16 }, (_, i) => ({ seed: 100 + i, n: 200 }));

const plData = lib.sphereData({ n: 24, inputDim: 8, seed: 1 });
const plItems = [];
for (const width of [64, 128, 256, 512, 1024, 2048, 4096, 8192])
  for (const seed of [1, 2, 3]) plItems.push({ width, seed });

const sweeps = [
  {
    name: "PL* width sweep (plstar float64: tangent kernel λ_min + Hessian norm, widths 64–8192 × 3 seeds, n=24)",
    task: `${tasks}#plstarWidthPoint`,
    items: plItems,
    shared: { X: plData.X, activation: "relu" },
    cost: (it) => it.width,
    numpy: null,
  },
  {
    name: `ReLU kernel sweep (widths 1024–4096 × 4 seeds, n=d=256)`,
    task: `${tasks}#reluKernel`,
    items: kernelItems,
    cost: (it) => it.width,
    numpy: String.raw`
items = P["items"]
def sweep():
    out = []
    for it in items:
        rng = np.random.default_rng(it["seed"])
        n, d, m = 256, 256, it["width"]
        x = rng.standard_normal((n, d), dtype=np.float32)
        for _ in range(it["repeats"]):
            w = rng.standard_normal((d, m), dtype=np.float32) / np.float32(np.sqrt(d))
            f = np.maximum(x @ w, 0)
            k = (f @ f.T) / m
            out.append(float(np.diag(k).mean()))
    return out
emit(bench(sweep, warmup=1, runs=P["runs"]))`,
    numpyLabel: "NumPy, same sweep (multi-threaded OpenBLAS)",
  },
  {
    name: `symmetric spectrum sweep (16 seeds, 200×200 float64 EVD)`,
    task: `${tasks}#symmetricSpectrum`,
    items: spectrumItems,
    numpy: String.raw`
items = P["items"]
def sweep():
    out = []
    for it in items:
        rng = np.random.default_rng(it["seed"])
        a = rng.standard_normal((it["n"], it["n"]))
        ev = np.linalg.eigvalsh(a + a.T)
        out.append((ev[0], ev[-1]))
    return out
emit(bench(sweep, warmup=1, runs=P["runs"]))`,
    numpyLabel: "NumPy eigvalsh, same sweep",
  },
];

const rows = [];
for (const s of sweeps) {
  console.log(`${s.name}: ${s.items.length} items, ${workers} workers`);
  const shared = s.shared;
  const serialResult = await parallelMap(s.items, s.task, { workers: 1, shared });
  await closeParallelPool();
  const cold = await timeIt(() => parallelMap(s.items, s.task, { workers, shared, cost: s.cost }), {
    warmup: 0,
    runs: Math.min(runs, 3),
    setup: () => closeParallelPool(),
  });
  const parallelResult = await parallelMap(s.items, s.task, { workers, shared, cost: s.cost });
  // Serial and warm-parallel runs alternate, so that load from other processes hits both alike.
  const serialMs = [];
  const warmMs = [];
  for (let r = 0; r < runs; r++) {
    serialMs.push(
      (await timeIt(() => parallelMap(s.items, s.task, { workers: 1, shared }), { warmup: 0, runs: 1 })).median_ms,
    );
    warmMs.push(
      (await timeIt(() => parallelMap(s.items, s.task, { workers, shared, cost: s.cost }), { warmup: 0, runs: 1 }))
        .median_ms,
    );
  }
  const serial = summarize(serialMs);
  const warm = summarize(warmMs);
  const same = JSON.stringify(parallelResult) === JSON.stringify(serialResult);
  const info = lastParallelRun();
  const serialRef = { label: "same sweep, serial in one thread", ...serial };
  const speedWarm = serial.median_ms / warm.median_ms;
  rows.push(
    row(
      `${s.name}: ${workers} workers (warm pool) vs serial`,
      warm,
      serialRef,
      `speed-up ${speedWarm.toFixed(2)}× (goal ≥ 1.8× on 2 cores)` +
        (speedWarm > workers
          ? ` — more than ${workers}×: the serial run in this (long-lived, larger-heap) main thread is slower per item than in a fresh worker`
          : "") +
        `; results ${same ? "identical to" : "DIFFER from"} the serial run; ${info?.reason ?? ""}`,
      { workers, speedup: Math.round(speedWarm * 1000) / 1000, identical: same },
    ),
  );
  rows.push(
    row(
      `${s.name}: ${workers} workers (cold: new workers each run) vs serial`,
      cold,
      serialRef,
      `includes starting ${workers} worker threads and loading tfjs in each`,
      { workers },
    ),
  );
  if (!s.numpy) continue;
  const ref = python(s.numpy, { items: s.items, runs });
  rows.push(
    row(
      `${s.name}: ${workers} workers (warm) vs NumPy`,
      warm,
      ref && { label: s.numpyLabel, ...ref },
      "NumPy draws its own random numbers (same sizes, not the same values)",
    ),
  );
}
await closeParallelPool();
writeResults("parallel", rows);
