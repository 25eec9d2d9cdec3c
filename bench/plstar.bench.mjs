/**
 * Benchmark: the tangent kernel K = DF DFᵀ of a one-hidden-layer relu network (NTK parameterization) for widths
 * 2^8 … 2^14.
 *
 * Project: `tangentKernel(net, X)` as a notebook calls it (number[][] in and out; float64; computed layer by layer,
 * K = (A Aᵀ)/m + (G Gᵀ) ⊙ (X Xᵀ)/d with A = relu(XW₁ᵀ/√d) and G = relu′(XW₁ᵀ/√d) ⊙ w₂/√m, never forming the
 * Jacobian).
 * Reference: NumPy (Debian /usr/bin/python3, OpenBLAS, float64) computing the same kernel by the same formula from
 * the same weights, timed inside Python. The two kernels are compared entry by entry (max relative difference in
 * the note).
 *
 * A row times lambdaMin on a 400 × 400 tangent kernel against NumPy's eigvalsh.
 *
 * Last rows: the tutorial's sweeps at notebook 01's defaults (widthSweep: n = 16, d = 16, widths 2^6 … 2^14, 3 seeds;
 * gdWidthStudy: widths 2^6 … 2^12, 300 steps) on all cores (parallelMap, default workers) against the same call with
 * `workers: 1` (this thread). "reference" there is the serial run, so the ratio is the speed-up; serial and parallel
 * runs alternate so outside load hits both alike; "warm" reuses the pool, "cold" starts fresh workers each run.
 *
 * Run: npm run build && node bench/plstar.bench.mjs   → table on stdout, bench/out/plstar.json
 * Environment: BENCH_N (points, default 32), BENCH_D (input dimension, default 16), BENCH_RUNS (default 15),
 * BENCH_SWEEP_RUNS (sweep rows, default 3).
 */
import { isDeepStrictEqual } from "node:util";
import { loadLibrary, python, row, summarize, timeIt, writeResults } from "./lib/bench.mjs";

const lib = loadLibrary();
const n = Number(process.env.BENCH_N ?? 32);
const d = Number(process.env.BENCH_D ?? 16);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const widths = [8, 9, 10, 11, 12, 13, 14].map((k) => 2 ** k);

const { X } = lib.sphereData({ n, inputDim: d, seed: 1 });

const PY = String.raw`
X = np.array(P["X"], dtype=np.float64)
n, d = X.shape
out = []
for c in P["cases"]:
    m = c["m"]
    W1 = np.array(c["W1"], dtype=np.float64).reshape(m, d)
    w2 = np.array(c["w2"], dtype=np.float64)
    def kernel():
        Z = X @ W1.T / np.sqrt(d)
        A = np.maximum(Z, 0.0)
        G = (Z > 0) * (w2 / np.sqrt(m))
        return (A @ A.T) / m + (G @ G.T) * ((X @ X.T) / d)
    t = bench(kernel, warmup=20, runs=P["runs"], max_ms=3000)
    t["K"] = kernel().tolist()
    out.append(t)
emit({"numpy": np.__version__, "cases": out})
`;

const cases = [];
const project = [];
const kernels = [];
for (const m of widths) {
  const net = lib.mlp({ inputDim: d, widths: [m], activation: "relu", seed: m });
  cases.push({ m, W1: Array.from(net.weights[0]), w2: Array.from(net.weights[1]) });
  project.push(await timeIt(() => lib.tangentKernel(net, X), { warmup: 20, runs: RUNS, maxMs: 3000 }));
  kernels.push(lib.tangentKernel(net, X));
}
const ref = python(PY, { X, cases, runs: RUNS });

const rows = widths.map((m, i) => {
  let note = `n = ${n}, d = ${d}, relu, float64 both`;
  let r = null;
  if (ref) {
    const c = ref.cases[i];
    let diff = 0;
    let scale = 0;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        diff = Math.max(diff, Math.abs(kernels[i][a][b] - c.K[a][b]));
        scale = Math.max(scale, Math.abs(c.K[a][b]));
      }
    note += `; max |K − K_numpy| / max |K| = ${(diff / scale).toExponential(1)}`;
    r = { label: `NumPy ${ref.numpy} (OpenBLAS, float64)`, ...c };
  }
  return row(`tangent kernel, width 2^${Math.log2(m)} (P = ${m * (d + 1)})`, project[i], r, note);
});

// λ_min of a 400 × 400 tangent kernel (400 points, width 1024) against NumPy's eigvalsh.
const big = lib.sphereData({ n: 400, inputDim: d, seed: 2 }).X;
const Kbig = lib.tangentKernel(lib.mlp({ inputDim: d, widths: [1024], activation: "relu", seed: 3 }), big);
const lmProject = await timeIt(() => lib.lambdaMin(Kbig), { warmup: 3, runs: Math.min(RUNS, 10), maxMs: 5000 });
const lmOurs = lib.lambdaMin(Kbig);
const lmRef = python(
  String.raw`
K = np.array(P["K"], dtype=np.float64)
t = bench(lambda: np.linalg.eigvalsh(K)[0], warmup=3, runs=P["runs"], max_ms=5000)
t["lmin"] = float(np.linalg.eigvalsh(K)[0])
emit({"numpy": np.__version__, "t": t})
`,
  { K: Kbig, runs: Math.min(RUNS, 10) },
);
rows.push(
  row(
    "λ_min of a 400 × 400 tangent kernel",
    lmProject,
    lmRef && { label: `NumPy ${lmRef.numpy} eigvalsh (LAPACK)`, ...lmRef.t },
    "lambdaMin: Householder tridiagonalization + implicit QL, no eigenvectors, float64" +
      (lmRef
        ? `; |λ_min − λ_min(NumPy)| = ${Math.abs(lmOurs - lmRef.t.lmin).toExponential(1)} (λ_min = ${lmOurs.toFixed(6)})`
        : ""),
  ),
);

// The tutorial's sweeps: all cores against workers: 1.
const SWEEP_RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 3);
const sweepData = lib.sphereData({ n: 16, inputDim: 16, seed: 1 });
const sweeps = [
  {
    name: "widthSweep at tutorial 1's defaults (widths 2^6 … 2^14 × 3 seeds, relu, linear output)",
    run: (workers) =>
      lib.widthSweep({ data: sweepData, widths: lib.plWidths(6, 14), activation: "relu", seeds: 3, seed: 7, workers }),
  },
  {
    name: "gdWidthStudy at tutorial 1's defaults (widths 2^6 … 2^12, 300 GD steps)",
    run: (workers) =>
      lib.gdWidthStudy({
        data: sweepData,
        widths: lib.plWidths(6, 12),
        activation: "relu",
        steps: 300,
        record: 25,
        seed: 7,
        workers,
      }),
  },
];
for (const s of sweeps) {
  const serialResult = await s.run(1);
  await lib.closeParallelPool();
  const cold = await timeIt(() => s.run(undefined), { warmup: 0, runs: 2, setup: () => lib.closeParallelPool() });
  const parallelResult = await s.run(undefined);
  const info = lib.lastParallelRun();
  const serialMs = [];
  const warmMs = [];
  for (let r = 0; r < SWEEP_RUNS; r++) {
    serialMs.push((await timeIt(() => s.run(1), { warmup: 0, runs: 1 })).median_ms);
    warmMs.push((await timeIt(() => s.run(undefined), { warmup: 0, runs: 1 })).median_ms);
  }
  const serial = { label: "the same call with workers: 1 (serial, this thread)", ...summarize(serialMs) };
  const warm = summarize(warmMs);
  const same = isDeepStrictEqual(parallelResult, serialResult);
  const speedup = serial.median_ms / warm.median_ms;
  rows.push(
    row(
      `${s.name}: all cores (warm pool) vs workers: 1`,
      warm,
      serial,
      `speed-up ${speedup.toFixed(2)}× with ${info?.workers} workers (goal ≥ 1.8× on 2 cores)` +
        (speedup > (info?.workers ?? 1)
          ? " — more than the worker count: the serial run in this long-lived main thread (large heap from the rows" +
            " above) is slower per point than a fresh worker"
          : "") +
        "; results " +
        `${same ? "identical to" : "DIFFER from"} the serial run; ${info?.reason ?? ""}`,
      { workers: info?.workers, speedup: Math.round(speedup * 1000) / 1000, identical: same },
    ),
  );
  rows.push(
    row(
      `${s.name}: all cores (cold: fresh workers each run) vs workers: 1`,
      cold,
      serial,
      "includes starting the worker threads and loading the library in each (a notebook's first sweep)",
    ),
  );
}
await lib.closeParallelPool();

writeResults("plstar", rows);
