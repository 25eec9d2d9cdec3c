/**
 * Benchmark: the exact t → ∞ limit of diagonal-network gradient flow.
 *
 * Project: `dlnLimit` (Newton on the m-dimensional convex dual of the closed-form flow, float64).
 * Reference: SciPy's Radau integrating the 2n-dimensional (a, b) flow with its exact Jacobian at the paper's settings
 * (rtol 2.5e-14, atol 0, up to t = 1e9·α^(2−D); the authors' Figure 1 method), Debian /usr/bin/python3, timed inside
 * Python. Same problems: the paper's Figure 1 cases (line, plane, random 3×5), D ∈ {2, 2.5, 3, 4} and α^D in
 * BENCH_ALPHAD (default 1e-3 and 1e-9; the full figure uses 1e0 … 1e-9, set BENCH_ALPHAD=all — slow: minutes).
 * Accuracy of both is measured against the exact limit computed with mpmath at 50 digits (Newton on the same dual
 * equations, untimed), so the ratio compares runs of known accuracy.
 *
 * Last rows: the tutorial's phase diagram (dlnPhaseDiagram at notebook 03's defaults: n = 30, 8 × 8 cells, 5 trials,
 * D = 3, α^D = 1e-12) on all cores (parallelMap, default workers) against the same call with `workers: 1`. There the
 * "reference" is the serial run, so the ratio is the speed-up; serial and parallel runs alternate so outside load hits
 * both alike; "warm" reuses the pool, "cold" starts fresh workers each run (BENCH_SWEEP_RUNS, default 3).
 *
 * Run: npm run build && node bench/diagonal.bench.mjs   → table on stdout, bench/out/diagonal.json
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const lib = require(path.join(here, "..", "dist", "index.js"));

const depths = [2, 2.5, 3, 4];
const alphaDs =
  process.env.BENCH_ALPHAD === "all"
    ? Array.from({ length: 10 }, (_, i) => 10 ** -i)
    : (process.env.BENCH_ALPHAD ?? "1e-3,1e-9").split(",").map(Number);
const cases = lib.dlnFigure1Cases();
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const stats = (ts) => {
  const s = [...ts].sort((a, b) => a - b);
  return { median_ms: s[Math.floor(s.length / 2)], min_ms: s[0], max_ms: s[s.length - 1], runs: s.length };
};

// The reference, run once per case (each Radau solve takes seconds).
const PY = String.raw`
import json, sys, time
import numpy as np, scipy, scipy.integrate
req = json.loads(sys.stdin.read())

def limit(D, alpha, A, y):
    m, n = A.shape
    def f(t, w):
        a, b = w[:n], w[n:]
        x = a**D - b**D
        G = D * A.T @ (y - A @ x)
        return np.concatenate((a**(D - 1) * G, -b**(D - 1) * G))
    def df(t, w):
        a, b = w[:n], w[n:]
        x = a**D - b**D
        G = D * A.T @ (y - A @ x)
        H = np.zeros((2 * n, 2 * n))
        H[:n, :n] = (D - 1) * np.diag(a**(D - 2) * G)
        H[n:, n:] = (D - 1) * np.diag(-b**(D - 2) * G)
        P = np.concatenate((A * a**(D - 1), -A * b**(D - 1)), axis=1)
        H -= D**2 * P.T @ P
        return H
    r = scipy.integrate.Radau(f, 0, np.full(2 * n, alpha), 1e9 * alpha**(2 - D), jac=df, rtol=2.5e-14, atol=0)
    while r.status == "running":
        r.step()
    a, b = r.y[:n], r.y[n:]
    return (a**D - b**D).tolist(), r.status

import mpmath
from mpmath import mp
mp.dps = 50

def mp_limit(D, alpha, A, y, u0):
    """The exact limit to ~40 digits: Newton on the dual A x(Aᵀλ) = y in 50-digit arithmetic, from the float64 u0."""
    m, n = A.shape
    Am = mp.matrix(A.tolist()); ym = mp.matrix(y.tolist())
    D = mp.mpf(D); al = mp.mpf(alpha)
    lam0 = np.linalg.lstsq(A.T, np.array(u0), rcond=None)[0]
    lam = mp.matrix(lam0.tolist())
    if D == 2:
        xf = lambda u: 2 * al**2 * mp.sinh(u)
        dxf = lambda u: 2 * al**2 * mp.cosh(u)
    else:
        k = D / (D - 2)
        xf = lambda u: al**D * ((1 - u)**(-k) - (1 + u)**(-k))
        dxf = lambda u: al**D * k * ((1 - u)**(-k - 1) + (1 + u)**(-k - 1))
    for _ in range(200):
        u = Am.T * lam
        x = [xf(u[i]) for i in range(n)]
        g = Am * mp.matrix(x) - ym
        if mp.norm(g) < mp.mpf(10)**-45:
            break
        H = mp.matrix(m, m)
        for i in range(m):
            for j in range(m):
                H[i, j] = mp.fsum(Am[i, l] * dxf(u[l]) * Am[j, l] for l in range(n))
        d = mp.lu_solve(H, -g)
        t = mp.mpf(1)
        while True:
            un = Am.T * (lam + t * d)
            if D == 2 or all(abs(un[i]) < 1 for i in range(n)):
                break
            t /= 2
        lam = lam + t * d
    return [float(v) for v in x]

out = []
for c in req["cases"]:
    A = np.array(c["A"], dtype=np.float64); y = np.array(c["y"], dtype=np.float64)
    t0 = time.perf_counter()
    xs = []
    for D in req["depths"]:
        for ia, aD in enumerate(req["alphaDs"]):
            x, status = limit(D, req["alphas"][str(D) + ":" + str(ia)], A, y)
            xs.append({"D": D, "alphaD": aD, "x": x, "status": status})
    ms = (time.perf_counter() - t0) * 1000
    i = 0
    for D in req["depths"]:
        for ia, aD in enumerate(req["alphaDs"]):
            key = c["name"] + ":" + str(D) + ":" + str(ia)
            xs[i]["exact"] = mp_limit(D, req["alphas"][str(D) + ":" + str(ia)], A, y, req["u0"][key])
            i += 1
    out.append({"name": c["name"], "ms": ms, "xs": xs})
print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "cases": out}))
`;

function runReference() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync("/usr/bin/python3", ["-c", PY], {
    input: JSON.stringify({ cases, depths, alphaDs, alphas, u0 }),
    env,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    return null;
  }
  return JSON.parse(r.stdout);
}

// The α values (as float64, shared exactly with Python) and the project's dual solutions (starting points for the
// 50-digit reference limit, which then converges on its own).
const alphas = {};
const u0 = {};
for (const D of depths) alphaDs.forEach((aD, ia) => (alphas[`${D}:${ia}`] = aD ** (1 / D)));
for (const c of cases)
  for (const D of depths)
    alphaDs.forEach(
      (aD, ia) => (u0[`${c.name}:${D}:${ia}`] = lib.dlnLimit({ ...c, depth: D, alpha: aD ** (1 / D) }).u),
    );

const results = [];
const ref = runReference();
for (const c of cases) {
  const solveAll = () =>
    depths.flatMap((D) => alphaDs.map((aD) => lib.dlnLimit({ ...c, depth: D, alpha: aD ** (1 / D) })));
  for (let w = 0; w < 3; w++) solveAll(); // warm-up
  const times = [];
  let sols = null;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    sols = solveAll();
    times.push(performance.now() - t);
  }
  const refCase = ref?.cases.find((rc) => rc.name === c.name);
  let maxDiff = NaN;
  let errProject = NaN;
  let errRef = NaN;
  let maxRes = 0;
  if (refCase) {
    maxDiff = 0;
    errProject = 0;
    errRef = 0;
    refCase.xs.forEach((rx, i) => {
      for (let j = 0; j < rx.x.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(rx.x[j] - sols[i].x[j]));
        errProject = Math.max(errProject, Math.abs(sols[i].x[j] - rx.exact[j]));
        errRef = Math.max(errRef, Math.abs(rx.x[j] - rx.exact[j]));
      }
    });
  }
  for (const s of sols) maxRes = Math.max(maxRes, s.residual);
  const project = stats(times);
  const reference = refCase
    ? { label: `SciPy ${ref.scipy} Radau, rtol 2.5e-14, atol 0, to t = 1e9·α^(2−D)`, ...stats([refCase.ms]) }
    : null;
  results.push({
    name: `flow limit, ${c.name} (${c.A.length}×${c.A[0].length}), D ∈ {${depths}} × α^D ∈ {${alphaDs.map((a) => a.toExponential(0))}}`,
    project,
    reference,
    ratio: reference ? reference.median_ms / project.median_ms : null,
    note:
      `${sols.length} limits per run; max error vs a 50-digit mpmath limit: dlnLimit ${errProject.toExponential(2)}, ` +
      `Radau ${errRef.toExponential(2)}; max |x_dlnLimit − x_Radau| = ${maxDiff.toExponential(2)}, ` +
      `max ‖Ax − y‖ (dlnLimit) = ${maxRes.toExponential(2)}; reference timed once (each Radau solve takes seconds)`,
  });
}

// The tutorial's phase diagram: all cores against workers: 1.
{
  const SWEEP_RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 3);
  const grid = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const opts = {
    n: 30,
    deltas: grid,
    rhos: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    trials: 5,
    depth: 3,
    alphaD: 1e-12,
    seed: 1,
  };
  const run = (workers) => lib.dlnPhaseDiagram({ ...opts, workers });
  const timeOnce = async (fn) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const serialResult = await run(1);
  const coldMs = [];
  for (let r = 0; r < 2; r++) {
    await lib.closeParallelPool();
    coldMs.push(await timeOnce(() => run(undefined)));
  }
  const parallelResult = await run(undefined);
  const info = lib.lastParallelRun();
  const serialMs = [];
  const warmMs = [];
  for (let r = 0; r < SWEEP_RUNS; r++) {
    serialMs.push(await timeOnce(() => run(1)));
    warmMs.push(await timeOnce(() => run(undefined)));
  }
  await lib.closeParallelPool();
  const same = isDeepStrictEqual(parallelResult, serialResult);
  const serial = { label: "the same call with workers: 1 (serial, this thread)", ...stats(serialMs) };
  const name = "phase diagram at tutorial 3's defaults (n = 30, 8 × 8 cells × 5 trials, D = 3, α^D = 1e-12)";
  for (const [kind, ms] of [
    ["warm pool", warmMs],
    ["cold: fresh workers each run", coldMs],
  ]) {
    const project = stats(ms);
    const speedup = serial.median_ms / project.median_ms;
    results.push({
      name: `${name}: all cores (${kind}) vs workers: 1`,
      project,
      reference: serial,
      ratio: speedup,
      note:
        `speed-up ${speedup.toFixed(2)}× with ${info?.workers} workers (goal ≥ 1.8× on 2 cores); results ` +
        `${same ? "identical to" : "DIFFER from"} the serial run; ${info?.reason ?? ""}` +
        (kind.startsWith("cold") ? "; includes starting the workers and loading the library and HiGHS in each" : ""),
    });
  }
}

const fmt = (v) => (v == null ? "–" : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
console.log("| benchmark | project median ms (min–max, runs) | reference median ms | ratio | note |");
console.log("|---|---|---|---|---|");
for (const r of results)
  console.log(
    `| ${r.name} | ${fmt(r.project.median_ms)} (${fmt(r.project.min_ms)}–${fmt(r.project.max_ms)}, ${r.project.runs}) | ${fmt(r.reference?.median_ms)} | ${r.ratio ? r.ratio.toFixed(0) + "×" : "–"} | ${r.note} |`,
  );
mkdirSync(path.join(here, "out"), { recursive: true });
writeFileSync(path.join(here, "out", "diagonal.json"), JSON.stringify(results, null, 2) + "\n");
