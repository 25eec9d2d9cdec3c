/**
 * Benchmark: the exact Hessian spectrum of a deep linear network at a critical point.
 *
 * Project: `hessianEigenvalues` (closed-form blockwise Hessian in float64 + eigenvalues by Householder
 * tridiagonalization and implicit QL), the eigenvalue step alone, and the full decomposition with vectors
 * (`symmetricEigen`, what `classifyByHessian` uses; reference np.linalg.eigh). Reference: NumPy on Debian /usr/bin/python3 building the same Hessian from
 * the same closed form (np.einsum blocks) and calling np.linalg.eigvalsh, and eigvalsh alone on the matrix the
 * project built — timed inside Python (perf_counter), OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed for that run.
 * Cases: the largest enumerated case of the tutorial (H = 4, widths 4-3-2-3-3, n = 42 parameters) and a wider one
 * (H = 4, widths 8-8-8-8-8, n = 256) to show scaling. The spectra are compared (max |Δμ| / max |μ|).
 *
 * Run: npm run build && node bench/deeplinear.bench.mjs   → table on stdout, bench/out/deeplinear.json
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const lib = require(path.join(here, "..", "dist", "index.js"));
const { symEig, symEigenvalues } = require(path.join(here, "..", "dist", "deeplinear", "linalg.js"));
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

const stats = (ts) => {
  const s = [...ts].sort((a, b) => a - b);
  return { median_ms: s[Math.floor(s.length / 2)], min_ms: s[0], max_ms: s[s.length - 1], runs: s.length };
};

function time(fn, runs = RUNS, warm = 3) {
  for (let i = 0; i < warm; i++) fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return stats(ts);
}

const PY = String.raw`
import json, sys, time
import numpy as np
req = json.loads(sys.stdin.read())
out = []
for case in req["cases"]:
    Ws = [np.array(W, dtype=float) for W in case["Ws"]]
    Sxx = np.array(case["Sxx"]); Syx = np.array(case["Syx"]); w = case["widths"]; H = len(Ws)
    Hjs = np.array(case["hessian"])
    def prod(i, j):
        if i < j:
            return np.eye(w[j - 1])
        M = Ws[j - 1]
        for l in range(j + 1, i + 1):
            M = Ws[l - 1] @ M
        return M
    def hessian():
        P = prod(H, 1); G = P @ Sxx - Syx
        A = {h: prod(H, h + 1) for h in range(1, H + 1)}
        B = {h: prod(h - 1, 1) for h in range(1, H + 1)}
        off = np.cumsum([0] + [w[h] * w[h - 1] for h in range(1, H + 1)])
        n = off[-1]
        Hm = np.zeros((n, n))
        for h in range(1, H + 1):
            for k in range(h, H + 1):
                AA = A[h].T @ A[k]; BB = B[h] @ Sxx @ B[k].T
                blk = 2 * np.einsum("ip,jq->ijpq", AA, BB)
                if k > h:
                    M = prod(k - 1, h + 1); C = A[k].T @ G @ B[h].T
                    blk = blk + 2 * np.einsum("qi,pj->ijpq", M, C)
                blk = blk.reshape(w[h] * w[h - 1], w[k] * w[k - 1])
                Hm[off[h-1]:off[h], off[k-1]:off[k]] = blk
                Hm[off[k-1]:off[k], off[h-1]:off[h]] = blk.T
        return Hm
    def full():
        return np.linalg.eigvalsh(hessian())
    def evd():
        return np.linalg.eigvalsh(Hjs)
    def eigh():
        return np.linalg.eigh(Hjs)[0]
    res = {}
    for name, fn in (("full", full), ("evd", evd), ("eigh", eigh)):
        for _ in range(20):
            fn()
        ts = []
        for _ in range(case["runs"]):
            t0 = time.perf_counter(); mu = fn(); ts.append((time.perf_counter() - t0) * 1e3)
        res[name] = {"times": ts, "mu": mu.tolist()}
    res["hessian_diff"] = float(np.max(np.abs(hessian() - Hjs)) / max(1e-300, np.max(np.abs(Hjs))))
    out.append(res)
print(json.dumps({"numpy": np.__version__, "out": out}))
`;

const cases = [
  {
    label: "H=4, widths 4-3-2-3-3 (largest enumerated case), n=42",
    widths: [4, 3, 2, 3, 3],
    S: [0],
    junk: [
      { from: 1, to: 1, input: "free" },
      { from: 3, to: 3, output: "free" },
    ],
  },
  {
    label: "H=4, widths 8-8-8-8-8, n=256",
    widths: [8, 8, 8, 8, 8],
    S: [0, 1, 2],
    junk: [
      { from: 1, to: 2, input: "free" },
      { from: 2, to: 3 },
    ],
  },
];

const prepared = cases.map((c) => {
  const dx = c.widths[0];
  const dy = c.widths[c.widths.length - 1];
  const { X, Y } = lib.deepLinearData({ dx, dy, N: 4 * dx, seed: 1, noise: 0.1 });
  const p = lib.deepLinearProblem({ X, Y, widths: c.widths });
  const Ws = lib.criticalPoint(p, { S: c.S, junk: c.junk, seed: 2 });
  const Hm = lib.hessian(p, Ws);
  // sub-millisecond cases get more runs so the median is stable on a shared machine
  const runs = Hm.length < 100 ? 10 * RUNS : RUNS;
  return { ...c, p, Ws, Hm, n: Hm.length, runs, kind: lib.classifyByHessian(p, Ws).kind };
});

const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
const py = spawnSync("/usr/bin/python3", ["-c", PY], {
  input: JSON.stringify({
    runs: RUNS,
    cases: prepared.map((c) => ({
      Ws: c.Ws,
      Sxx: c.p.Sxx,
      Syx: c.p.Syx,
      widths: c.widths,
      hessian: c.Hm,
      runs: c.runs,
    })),
  }),
  env,
  maxBuffer: 1 << 28,
  encoding: "utf8",
});
let ref = null;
if (py.status === 0) ref = JSON.parse(py.stdout);
else console.error("reference failed:", py.stderr);

const results = [];
prepared.forEach((c, i) => {
  const full = time(() => lib.hessianEigenvalues(c.p, c.Ws), c.runs, 20);
  const evd = time(() => symEigenvalues(c.Hm), c.runs, 20);
  const evdVec = time(() => symEig(c.Hm), c.runs, 20);
  const mu = lib.hessianEigenvalues(c.p, c.Ws);
  const r = ref?.out[i];
  const scale = Math.max(...mu.map(Math.abs));
  const diff = r ? Math.max(...r.full.mu.map((v, k) => Math.abs(v - mu[k]))) / scale : NaN;
  const label = `NumPy ${ref?.numpy ?? "?"} (OpenBLAS)`;
  const refFull = r ? { label: `${label}: einsum blocks + eigvalsh`, ...stats(r.full.times) } : null;
  const refEvd = r ? { label: `${label}: eigvalsh`, ...stats(r.evd.times) } : null;
  results.push({
    name: `Hessian spectrum (build + EVD), ${c.label}`,
    project: full,
    reference: refFull,
    ratio: refFull ? refFull.median_ms / full.median_ms : null,
    note: `point: ${c.kind}, S = {${c.S.join(",")}}; spectra agree to ${diff.toExponential(1)} (max |Δμ|/max|μ|); Hessians agree to ${r ? r.hessian_diff.toExponential(1) : "?"}`,
  });
  results.push({
    name: `Symmetric eigenvalues only, ${c.label}`,
    project: evd,
    reference: refEvd,
    ratio: refEvd ? refEvd.median_ms / evd.median_ms : null,
    note: "Householder tridiagonalization + implicit QL (Float64Array) vs np.linalg.eigvalsh on the same matrix",
  });
  const refEigh = r ? { label: `${label}: eigh`, ...stats(r.eigh.times) } : null;
  results.push({
    name: `Symmetric EVD with eigenvectors (used by classifyByHessian), ${c.label}`,
    project: evdVec,
    reference: refEigh,
    ratio: refEigh ? refEigh.median_ms / evdVec.median_ms : null,
    note: "symmetricEigen (WebAssembly for n ≥ 32: Householder, QL with perfect shifts, rotations in column blocks; sizes 256–1024 in bench/linalg.bench.mjs) vs np.linalg.eigh",
  });
});

const fmt = (v) => (v == null ? "–" : v < 1 ? v.toFixed(3) : v.toFixed(2));
console.log("benchmark".padEnd(100), "project ms".padStart(11), "NumPy ms".padStart(10), "ratio".padStart(8));
for (const r of results) {
  console.log(
    r.name.padEnd(100),
    fmt(r.project.median_ms).padStart(11),
    fmt(r.reference?.median_ms).padStart(10),
    (r.ratio == null ? "–" : r.ratio.toFixed(3)).padStart(8),
  );
  console.log("   ", r.note);
}
mkdirSync(path.join(here, "out"), { recursive: true });
writeFileSync(path.join(here, "out", "deeplinear.json"), JSON.stringify(results, null, 2) + "\n");
console.log("ratio = NumPy median / project median (> 1: project faster). Written bench/out/deeplinear.json");
