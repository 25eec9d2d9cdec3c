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
 * A row times lambdaMin on a 400 × 400 tangent kernel against NumPy's eigvalsh; then the Jacobian (n × P, as a
 * cell receives it), a model Hessian-vector product (R-operator) and the Hessian norm at tutorial 1's sizes (power
 * iteration in the 2m-dimensional subspace that holds the Hessian's range), each against NumPy doing the same.
 *
 * Last rows: the tutorial's sweeps at notebook 01's defaults (widthSweep: n = 16, d = 16, widths 2^6 … 2^14, 3 seeds;
 * gdWidthStudy: widths 2^6 … 2^12, 300 steps) on all cores (parallelMap, default workers) against the same call with
 * `workers: 1` (this thread). "reference" there is the serial run, so the ratio is the speed-up; serial and parallel
 * runs alternate so outside load hits both alike; "warm" reuses the pool, "cold" starts fresh workers each run.
 *
 * Activation rows: the tangent kernel of one hidden layer at m = 4096, n = 64, d = 16 for every activation the
 * library offers (linear, relu, tanh, erf, softplus, sigmoid), against NumPy/SciPy float64 computing the same kernel
 * with np.tanh, scipy.special.erf, np.logaddexp and scipy.special.expit.
 *
 * Typed and threaded rows (issue 15, items 2 and 3): jacobianMatrix, modelHvpArray and tangentKernelMatrix (all
 * cores and `threads: 1`), with the number[][] forms for comparison, against NumPy running in one Python process
 * for the whole bench: each round times every project row, then the same reference calls, so outside load hits both
 * alike; min and median over all rounds.
 *
 * Run: npm run build && node bench/plstar.bench.mjs   → table on stdout, bench/out/plstar.json
 * Environment: BENCH_N (points, default 32), BENCH_D (input dimension, default 16), BENCH_RUNS (default 15),
 * BENCH_SWEEP_RUNS (sweep rows, default 3), BENCH_ROWS=activations (only the activation rows: printed, no out file),
 * BENCH_ROWS=typed (only the typed and threaded rows: printed, no out file), BENCH_ROUNDS (typed rows' alternating
 * rounds, default 8), BENCH_PER_ROUND (calls a round, default 5; 200 for the Hessian-vector products).
 */
import { isDeepStrictEqual } from "node:util";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { loadavg } from "node:os";
import {
  PYTHON,
  loadLibrary,
  printTable,
  python,
  referenceEnv,
  row,
  summarize,
  timeIt,
  writeResults,
} from "./lib/bench.mjs";

const lib = loadLibrary();

/**
 * A NumPy process kept running for the whole bench, so project and reference can be timed in alternating rounds
 * (outside load then hits both alike). `setup` is Python defining zero-argument functions from `P` (the params);
 * `time(name, runs)` runs `name` `runs` times after one warm-up call and resolves to the samples in ms.
 */
function numpyServer(setup, params) {
  const code =
    String.raw`
import json, sys, time
import numpy as np
P = json.loads(sys.stdin.readline())
` +
    setup +
    String.raw`
print(json.dumps({"numpy": np.__version__}), flush=True)
for line in sys.stdin:
    q = json.loads(line)
    fn = globals()[q["name"]]
    for _ in range(q.get("warmup", 1)):
        fn()
    ts = []
    for _ in range(q["runs"]):
        t = time.perf_counter(); fn(); ts.append((time.perf_counter() - t) * 1000.0)
    out = {"samples": ts}
    if q.get("value"):
        out["value"] = np.asarray(fn()).tolist()
    print(json.dumps(out), flush=True)
`;
  const child = spawn(PYTHON, ["-c", code], { env: referenceEnv(), stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on("line", (l) => waiting.shift()?.(JSON.parse(l)));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  child.stdin.write(JSON.stringify(params) + "\n");
  const ready = next();
  return {
    ready,
    async time(name, runs, { warmup = 1, value = false } = {}) {
      const r = next();
      child.stdin.write(JSON.stringify({ name, runs, warmup, value }) + "\n");
      return r;
    },
    close() {
      child.stdin.end();
    },
  };
}

/** Samples of `fn` over `runs` calls after `warmup` calls (ms). */
function samplesOf(fn, runs, warmup = 1) {
  for (let i = 0; i < warmup; i++) fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return ts;
}

/**
 * The typed-result and threaded rows (issue 15, items 2 and 3), project and NumPy timed in alternating rounds of the
 * same command: jacobianMatrix, modelHvpArray, tangentKernelMatrix (all cores and threads: 1) and, for comparison,
 * the number[][] forms. Min and median over all rounds' samples.
 */
async function typedRows() {
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
  const PER = Number(process.env.BENCH_PER_ROUND ?? 5);
  const tn = 32,
    td = 16;
  const TX = lib.sphereData({ n: tn, inputDim: td, seed: 1 }).X;
  const TXm = lib.matrixFromRows(TX);
  const jnet = lib.mlp({ inputDim: td, widths: [1024], activation: "tanh", seed: 5 });
  const v = Array.from({ length: jnet.parameterCount }, (_, k) => Math.sin(k + 1));
  const vf = Float64Array.from(v);
  const x0 = Float64Array.from(TX[0]);
  const kernelCases = [
    { n: 32, d: 16, m: 2 ** 12, activation: "relu" },
    { n: 32, d: 16, m: 2 ** 14, activation: "relu" },
    { n: 64, d: 16, m: 2 ** 12, activation: "tanh" },
    { n: 128, d: 16, m: 2 ** 14, activation: "relu" },
  ].map((c) => {
    const X = lib.sphereData({ n: c.n, inputDim: c.d, seed: 2 }).X;
    const net = lib.mlp({ inputDim: c.d, widths: [c.m], activation: c.activation, seed: c.m });
    return { ...c, X, Xm: lib.matrixFromRows(X), net };
  });
  const setup = String.raw`
X = np.array(P["X"], dtype=np.float64); n, d = X.shape
m = P["m"]; W1 = np.array(P["W1"]).reshape(m, d); w2 = np.array(P["w2"])
x = np.array(P["x"]); v = np.array(P["v"])
def jacobian():
    Z = X @ W1.T / np.sqrt(d)
    T = np.tanh(Z)
    G = (1 - T * T) * (w2 / np.sqrt(m))
    JW = (G[:, :, None] * X[:, None, :] / np.sqrt(d)).reshape(n, m * d)
    return np.concatenate([JW, T / np.sqrt(m)], axis=1)
def hvp():
    z = W1 @ x / np.sqrt(d); t = np.tanh(z); s1 = 1 - t * t; s2 = -2 * t * s1
    VW = v[: m * d].reshape(m, d); vv = v[m * d :]
    r = VW @ x
    outW = ((w2 * s2 * r / (d * np.sqrt(m)) + s1 * vv / np.sqrt(d * m))[:, None]) * x[None, :]
    outv = s1 * r / np.sqrt(d * m)
    return np.concatenate([outW.reshape(-1), outv])
def make_kernel(c):
    Xk = np.array(c["X"]); dk = Xk.shape[1]; mk = c["m"]
    W = np.array(c["W1"]).reshape(mk, dk); w = np.array(c["w2"])
    def kernel():
        Z = Xk @ W.T / np.sqrt(dk)
        if c["activation"] == "relu":
            A = np.maximum(Z, 0.0); D = (Z > 0) * 1.0
        else:
            A = np.tanh(Z); D = 1 - A * A
        G = D * (w / np.sqrt(mk))
        return (A @ A.T) / mk + (G @ G.T) * ((Xk @ Xk.T) / dk)
    return kernel
for i, c in enumerate(P["kernels"]):
    globals()["kernel%d" % i] = make_kernel(c)
`;
  const py = numpyServer(setup, {
    X: TX,
    m: 1024,
    W1: Array.from(jnet.weights[0]),
    w2: Array.from(jnet.weights[1]),
    x: TX[0],
    v,
    kernels: kernelCases.map((c) => ({
      X: c.X,
      m: c.m,
      activation: c.activation,
      W1: Array.from(c.net.weights[0]),
      w2: Array.from(c.net.weights[1]),
    })),
  });
  const { numpy } = await py.ready;
  const label = `NumPy ${numpy} (OpenBLAS, float64), same process all rounds, alternating with the project`;
  const items = [
    {
      name: `jacobianMatrix (Matrix, n × P), n = ${tn}, d = ${td}, width 2^10, tanh (P = ${jnet.parameterCount})`,
      run: () => lib.jacobianMatrix(jnet, TXm),
      ref: "jacobian",
      note: "Float64Array n × P, X passed as a Matrix",
    },
    {
      name: `jacobian (number[][], n × P), n = ${tn}, d = ${td}, width 2^10, tanh`,
      run: () => lib.jacobian(jnet, TX),
      ref: "jacobian",
      note: "the convenience form: jacobianMatrix copied into rows of plain arrays",
    },
    {
      name: `modelHvpArray ∇²f(x) v (Float64Array), width 2^10, tanh (P = ${jnet.parameterCount})`,
      run: () => lib.modelHvpArray(jnet, x0, vf),
      ref: "hvp",
      note: "x and v passed as Float64Array",
      per: 200,
    },
    {
      name: `modelHvp ∇²f(x) v (number[]), width 2^10, tanh`,
      run: () => lib.modelHvp(jnet, TX[0], v),
      ref: "hvp",
      note: "the convenience form: number[] in and out",
      per: 200,
    },
  ];
  kernelCases.forEach((c, i) => {
    const what = `n = ${c.n}, d = ${c.d}, width 2^${Math.log2(c.m)}, ${c.activation}`;
    items.push(
      {
        name: `tangentKernelMatrix, all cores, ${what}`,
        run: () => lib.tangentKernelMatrix(c.net, c.Xm),
        ref: `kernel${i}`,
        note: "threads: default (all cores)",
        threadsInfo: true,
      },
      {
        name: `tangentKernelMatrix, threads: 1, ${what}`,
        run: () => lib.tangentKernelMatrix(c.net, c.Xm, { threads: 1 }),
        ref: `kernel${i}`,
        note: "one thread, the same blocks (bit-identical result)",
      },
    );
  });
  const proj = items.map(() => []);
  const refs = new Map();
  const load = [loadavg()[0]];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const per = it.per ?? PER;
      proj[i].push(...samplesOf(it.run, per, r === 0 ? Math.max(3, per) : 1));
      if (!refs.has(it.ref)) refs.set(it.ref, []);
      const got = await py.time(it.ref, per, { warmup: r === 0 ? Math.max(3, per) : 1 });
      refs.get(it.ref).push(...got.samples);
    }
    load.push(loadavg()[0]);
  }
  py.close();
  // Agreement and bit-identity checks, outside the timed rounds.
  const notes = new Map();
  const sameBits = (a, b) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
  kernelCases.forEach((c, i) => {
    const all = lib.tangentKernelMatrix(c.net, c.Xm).data;
    const info = lib.lastKernelThreadsRun();
    const one = lib.tangentKernelMatrix(c.net, c.Xm, { threads: 1 }).data;
    notes.set(
      `kernel${i}`,
      `${info.blocks} blocks, ${info.threads} threads (${info.byHelpers} blocks by the helper in the check call); ` +
        `all cores ${sameBits(all, one) ? "bit-identical to" : "DIFFERS from"} threads: 1`,
    );
  });
  const lo = Math.min(...load).toFixed(1),
    hi = Math.max(...load).toFixed(1);
  return items.map((it, i) => {
    const p = summarize(proj[i]);
    const ref = { label, ...summarize(refs.get(it.ref)) };
    const extra = notes.get(it.ref);
    return row(
      it.name,
      p,
      ref,
      `${it.note}${extra && it.threadsInfo ? `; ${extra}` : ""}; ${ROUNDS} alternating rounds; load average ${lo}–${hi}`,
    );
  });
}

/** Tangent kernel rows, one hidden layer, m = 4096, n = 64, d = 16, one row per activation, against NumPy float64. */
async function activationKernelRows() {
  const [an, ad, am] = [64, 16, 4096];
  const AX = lib.sphereData({ n: an, inputDim: ad, seed: 11 }).X;
  const nets = lib.ACTIVATIONS.map((activation) => lib.mlp({ inputDim: ad, widths: [am], activation, seed: 4 }));
  const times = [];
  const kernels = [];
  for (const net of nets) {
    times.push(await timeIt(() => lib.tangentKernel(net, AX), { warmup: 5, warmupMs: 300, runs: RUNS, maxMs: 3000 }));
    kernels.push(lib.tangentKernel(net, AX));
  }
  const ref = python(
    String.raw`
from scipy.special import erf, expit
X = np.array(P["X"], dtype=np.float64); n, d = X.shape
def act(name, Z):
    if name == "linear": return Z, np.ones_like(Z)
    if name == "relu": return np.maximum(Z, 0.0), (Z > 0) * 1.0
    if name == "tanh":
        T = np.tanh(Z); return T, 1 - T * T
    if name == "erf": return erf(Z), (2 / np.sqrt(np.pi)) * np.exp(-Z * Z)
    if name == "softplus": return np.logaddexp(0.0, Z), expit(Z)
    S = expit(Z); return S, S * (1 - S)
out = []
for c in P["cases"]:
    m = c["m"]; W1 = np.array(c["W1"]).reshape(m, d); w2 = np.array(c["w2"])
    def kernel():
        A, D = act(c["name"], X @ W1.T / np.sqrt(d))
        G = D * (w2 / np.sqrt(m))
        return (A @ A.T) / m + (G @ G.T) * ((X @ X.T) / d)
    t = bench(kernel, warmup=5, runs=P["runs"], max_ms=3000)
    t["K"] = kernel().tolist()
    out.append(t)
emit({"numpy": np.__version__, "cases": out})
`,
    {
      X: AX,
      runs: RUNS,
      cases: nets.map((net) => ({
        name: net.activation,
        m: am,
        W1: Array.from(net.weights[0]),
        w2: Array.from(net.weights[1]),
      })),
    },
  );
  return nets.map((net, i) => {
    let note = `n = ${an}, d = ${ad}, float64 both`;
    const c = ref && ref.cases[i];
    if (c) {
      let diff = 0;
      let scale = 0;
      for (let a = 0; a < an; a++)
        for (let b = 0; b < an; b++) {
          diff = Math.max(diff, Math.abs(kernels[i][a][b] - c.K[a][b]));
          scale = Math.max(scale, Math.abs(c.K[a][b]));
        }
      note += `; max |K − K_numpy| / max |K| = ${(diff / scale).toExponential(1)}`;
    }
    const reference = c && { label: `NumPy ${ref.numpy} + SciPy (OpenBLAS, float64)`, ...c };
    return row(`tangent kernel, m = ${am}, ${net.activation}`, times[i], reference, note);
  });
}

const n = Number(process.env.BENCH_N ?? 32);
const d = Number(process.env.BENCH_D ?? 16);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const widths = [8, 9, 10, 11, 12, 13, 14].map((k) => 2 ** k);

if (process.env.BENCH_ROWS === "typed") {
  printTable("plstar (typed and threaded rows only)", await typedRows());
  process.exit(0);
}

const activationRows = await activationKernelRows();
if (process.env.BENCH_ROWS === "activations") {
  printTable("plstar (activation rows only)", activationRows);
  process.exit(0);
}

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
  project.push(await timeIt(() => lib.tangentKernel(net, X), { warmup: 20, warmupMs: 300, runs: RUNS, maxMs: 3000 }));
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

// Jacobian, a model Hessian-vector product and the Hessian norm, each against NumPy doing the same computation.
{
  const m = 1024;
  const net = lib.mlp({ inputDim: d, widths: [m], activation: "tanh", seed: 5 });
  const x = X[0];
  const v = Array.from({ length: net.parameterCount }, (_, k) => Math.sin(k + 1));
  const hnX = lib.sphereData({ n: 16, inputDim: 16, seed: 1 }).X;
  const hnWidth = 2 ** 14;
  const hnNet = lib.mlp({ inputDim: 16, widths: [hnWidth], activation: "tanh", seed: 7 });
  const HN_ITERS = 100;
  // tol this small never stops the iteration early: both sides run exactly HN_ITERS products a point.
  const hnOpts = { iterations: HN_ITERS, tol: 1e-300 };
  const jac = await timeIt(() => lib.jacobian(net, X), { warmup: 3, runs: RUNS, maxMs: 3000 });
  const hvp = await timeIt(() => lib.modelHvp(net, x, v), { warmup: 20, warmupMs: 300, runs: RUNS, maxMs: 3000 });
  const hn = await timeIt(() => lib.hessianNorm(hnNet, hnX, hnOpts), { warmup: 1, runs: Math.min(RUNS, 7) });
  const J = lib.jacobian(net, X);
  const Hv = lib.modelHvp(net, x, v);
  const hnOurs = lib.hessianNorm(hnNet, hnX, hnOpts);
  const refD = python(
    String.raw`
X = np.array(P["X"], dtype=np.float64); n, d = X.shape
m = P["m"]; W1 = np.array(P["W1"]).reshape(m, d); w2 = np.array(P["w2"])
x = np.array(P["x"]); v = np.array(P["v"])
def jacobian():
    Z = X @ W1.T / np.sqrt(d)
    T = np.tanh(Z)
    G = (1 - T * T) * (w2 / np.sqrt(m))
    JW = (G[:, :, None] * X[:, None, :] / np.sqrt(d)).reshape(n, m * d)
    return np.concatenate([JW, T / np.sqrt(m)], axis=1)
def hvp():
    # Exact ∇²f(x) v of f = w2·tanh(W1 x/√d)/√m (hidden units do not couple).
    z = W1 @ x / np.sqrt(d); t = np.tanh(z); s1 = 1 - t * t; s2 = -2 * t * s1
    VW = v[: m * d].reshape(m, d); vv = v[m * d :]
    r = VW @ x
    outW = ((w2 * s2 * r / (d * np.sqrt(m)) + s1 * vv / np.sqrt(d * m))[:, None]) * x[None, :]
    outv = s1 * r / np.sqrt(d * m)
    return np.concatenate([outW.reshape(-1), outv])
t_j = bench(jacobian, warmup=3, runs=P["runs"], max_ms=3000)
t_h = bench(hvp, warmup=20, runs=P["runs"], max_ms=3000)
# Hessian norm: the same power iteration (same start, same number of products) on the same 2m-dim operator.
Xh = np.array(P["hX"]); mh = P["hm"]; dh = Xh.shape[1]
W1h = np.array(P["hW1"]).reshape(mh, dh); w2h = np.array(P["hw2"]); u0 = np.array(P["u0"])
def hnorm():
    best = 0.0
    for xh in Xh:
        xx = xh @ xh; xn = np.sqrt(xx)
        z = W1h @ xh / np.sqrt(dh); t = np.tanh(z); s1 = 1 - t * t; s2 = -2 * t * s1
        a = w2h * s2 * xx / (dh * np.sqrt(mh)); b = s1 * xn / np.sqrt(dh * mh)
        u = u0 / np.linalg.norm(u0); est = 0.0
        for _ in range(P["iters"]):
            p, q = u[:mh], u[mh:]
            w = np.concatenate([a * p + b * q, b * p])
            est = np.linalg.norm(w)
            u = w / est
        best = max(best, est)
    return best
t_n = bench(hnorm, warmup=1, runs=min(P["runs"], 7), max_ms=20000)
emit({"numpy": np.__version__, "jac": t_j, "hvp": t_h, "hn": t_n,
      "J": jacobian()[:4].tolist(), "Hv": hvp().tolist(), "hnorm": hnorm()})
`,
    {
      X,
      m,
      W1: Array.from(net.weights[0]),
      w2: Array.from(net.weights[1]),
      x,
      v,
      runs: RUNS,
      hX: hnX,
      hm: hnWidth,
      hW1: Array.from(hnNet.weights[0]),
      hw2: Array.from(hnNet.weights[1]),
      u0: Array.from(lib.createRng(0).normals(2 * hnWidth)),
      iters: HN_ITERS,
    },
  );
  const relDiff = (a, b) => {
    let num = 0;
    let den = 0;
    for (let k = 0; k < b.length; k++) {
      num = Math.max(num, Math.abs(a[k] - b[k]));
      den = Math.max(den, Math.abs(b[k]));
    }
    return (num / den).toExponential(1);
  };
  const label = refD && `NumPy ${refD.numpy} (OpenBLAS, float64)`;
  rows.push(
    row(
      `Jacobian (number[][], n × P), width 2^10, tanh (P = ${net.parameterCount})`,
      jac,
      refD && { label, ...refD.jac },
      `n = ${n}, d = ${d}; project: jacobian(net, X) (rows of plain arrays, what a cell gets)` +
        (refD ? `; rows 0–3 agree to ${relDiff(J.slice(0, 4).flat(), refD.J.flat())} (max rel.)` : ""),
    ),
    row(
      `model Hessian-vector product ∇²f(x) v, width 2^10, tanh (P = ${net.parameterCount})`,
      hvp,
      refD && { label, ...refD.hvp },
      "project: modelHvp (R-operator, any depth) vs NumPy's closed form for one hidden layer" +
        (refD ? `; agree to ${relDiff(Hv, refD.Hv)} (max rel.)` : ""),
    ),
    row(
      `Hessian norm max_i ‖∇²f(x_i)‖ at tutorial 1's sizes (n = 16, d = 16, width 2^14, tanh), ${HN_ITERS} power iterations a point`,
      hn,
      refD && { label, ...refD.hn },
      "both: power iteration on the products in the 2m-dim subspace holding the Hessian's range, same start" +
        (refD ? `; |Δ| / ‖H‖ = ${(Math.abs(hnOurs - refD.hnorm) / refD.hnorm).toExponential(1)}` : ""),
    ),
  );
}

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

rows.push(...activationRows);
rows.push(...(await typedRows()));
writeResults("plstar", rows);
