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
 * Trajectories: `dlnFlow` (adaptive L-stable ESDIRK5(4) on the m-dimensional dual ODE λ' = c(y − A x(Aᵀλ)), its default
 * tolerances) against SciPy's solve_ivp on the same ODE from the same λ(0) = 0 to the same times (exact Jacobian,
 * t_eval), once with LSODA (rtol 1e-12, atol 1e-15) and once with Radau (rtol 1e-10, atol 1e-13), tolerances at which
 * their measured accuracy is comparable to dlnFlow's. Problems: Figure 1's "line" (D ∈ {2, 3, 4}) and a random
 * 3-sparse 15 × 30 problem (dlnSparseProblem, seed 1; D ∈ {2, 3}), α^D ∈ {1e-1, 1e-3}, times 0.1 … 1000·α^(2−D)
 * (notebook 03's check times in units of the flow's time scale). There is no closed form for x(t), so the accuracy of
 * all three is measured against the (a, b) flow integrated by Radau at rtol 2.5e-14 (untimed) and printed in the note.
 *
 * Basis pursuit: `basisPursuit` (HiGHS WebAssembly) against scipy.optimize.linprog(method="highs") on the same LP
 * (min Σ(p + q) s.t. A(p − q) = y, p, q ≥ 0), 5 random k-sparse problems per run at 15 × 30 (a phase-diagram cell),
 * 20 × 50 (notebook 03's recovery size) and 100 × 400; the note compares the objectives and both errors to x*.
 * `selectedMinimizer` on Figure 1's cases × D (the 12 calls of dlnConvergenceSweep) against the same three steps in
 * SciPy (linprog for basis pursuit and for the face LP, minimize(SLSQP) for the potential), accuracy against the line
 * case's closed form t_D. `dlnClosedFormCheck` (mathjs symbolic derivatives, notebook 03's symbolic cell) against
 * SymPy doing the same check (sympify, diff, lambdify), both warm.
 *
 * Last rows: the tutorial's phase diagram (dlnPhaseDiagram at notebook 03's defaults: n = 30, 8 × 8 cells, 5 trials,
 * D = 3, α^D = 1e-12) on all cores (parallelMap, default workers) against the same call with `workers: 1`. There the
 * "reference" is the serial run, so the ratio is the speed-up; serial and parallel runs alternate so outside load hits
 * both alike; "warm" reuses the pool, "cold" starts fresh workers each run (BENCH_SWEEP_RUNS, default 3).
 *
 * Run: npm run build && node bench/diagonal.bench.mjs   → table on stdout, bench/out/diagonal.json
 * Environment: BENCH_ALPHAD, BENCH_RUNS (limit, basis-pursuit, selectedMinimizer and closed-form rows, default 15),
 * BENCH_FLOW_RUNS (trajectory rows, default 5; each stops after ~8 s of timed work, at least 3 runs),
 * BENCH_SWEEP_RUNS.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { python, row, timeIt, writeResults } from "./lib/bench.mjs";

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

// ---------------------------------------------------------------------------------------------------------------
// Trajectories: dlnFlow (ESDIRK5(4) on the m-dimensional dual ODE) against SciPy's solve_ivp on the same ODE.
// ---------------------------------------------------------------------------------------------------------------
const FLOW_RUNS = Number(process.env.BENCH_FLOW_RUNS ?? 5);
const flowAlphaDs = [1e-1, 1e-3];
const sparse30 = lib.dlnSparseProblem({ m: 15, n: 30, k: 3, seed: 1 });
const flowProblems = [
  { name: "line", A: cases[0].A, y: cases[0].y, depths: [2, 3, 4] },
  { name: "random 3-sparse, n = 30", A: sparse30.A, y: sparse30.y, depths: [2, 3] },
].map((p) => ({
  ...p,
  configs: p.depths.flatMap((D) =>
    flowAlphaDs.map((aD) => {
      const alpha = aD ** (1 / D);
      // notebook 03's check times (0.1 … 2000 at D = 3, α = 0.5), in units of the flow's time scale α^(2−D)
      return { D, alphaD: aD, alpha, times: [0.1, 1, 10, 100, 1000].map((f) => f * alpha ** (2 - D)) };
    }),
  ),
}));

const FLOW_PY = String.raw`
import scipy, scipy.integrate as si

def closed(D, alpha):
    """x(u) and dx/du of the closed form (u = c·Aᵀν, λ = c·ν), as src/diagonal/core.ts."""
    if D == 2:
        return 4.0, (lambda u: 2 * alpha**2 * np.sinh(u)), (lambda u: 2 * alpha**2 * np.cosh(u))
    c, k, aD = D * (D - 2) * alpha**(D - 2), D / (D - 2), alpha**D
    return c, (lambda u: aD * ((1 - u)**-k - (1 + u)**-k)), (lambda u: aD * k * ((1 - u)**(-k - 1) + (1 + u)**(-k - 1)))

def dual_ode(A, y, D, alpha):
    """λ' = c (y − A x(Aᵀλ)), λ(0) = 0: the ODE dlnFlow integrates; exact Jacobian −c A diag(x'(u)) Aᵀ."""
    c, xf, dxf = closed(D, alpha)
    f = lambda t, l: c * (y - A @ xf(A.T @ l))
    jac = lambda t, l: -c * (A * dxf(A.T @ l)) @ A.T
    return f, jac, xf

def ab_tight(A, y, D, alpha, times):
    """The (a, b) flow (no closed form) by Radau, rtol 2.5e-14, atol 0, exact Jacobian, stopping at each time."""
    m, n = A.shape
    def f(t, w):
        a, b = w[:n], w[n:]
        G = D * A.T @ (y - A @ (a**D - b**D))
        return np.concatenate((a**(D - 1) * G, -b**(D - 1) * G))
    def df(t, w):
        a, b = w[:n], w[n:]
        G = D * A.T @ (y - A @ (a**D - b**D))
        H = np.zeros((2 * n, 2 * n))
        H[:n, :n] = (D - 1) * np.diag(a**(D - 2) * G)
        H[n:, n:] = (D - 1) * np.diag(-b**(D - 2) * G)
        Q = np.concatenate((A * a**(D - 1), -A * b**(D - 1)), axis=1)
        H -= D**2 * Q.T @ Q
        return H
    w, t, xs = np.full(2 * n, alpha), 0.0, []
    for T in times:
        r = si.Radau(f, t, w, T, jac=df, rtol=2.5e-14, atol=0)
        while r.status == "running":
            r.step()
        w, t = r.y, T
        xs.append(w[:n]**D - w[n:]**D)
    return np.array(xs)

out = []
for p in P["problems"]:
    A = np.array(p["A"], dtype=np.float64); y = np.array(p["y"], dtype=np.float64)
    exact = [ab_tight(A, y, c["D"], c["alpha"], c["times"]) for c in p["configs"]]
    res = {"name": p["name"], "exact": [e.tolist() for e in exact]}
    for key, method, rtol, atol in P["methods"]:
        def solve_all():
            xs = []
            for c in p["configs"]:
                f, jac, xf = dual_ode(A, y, c["D"], c["alpha"])
                s = si.solve_ivp(f, (0, c["times"][-1]), np.zeros(A.shape[0]), method=method, jac=jac,
                                 t_eval=c["times"], rtol=rtol, atol=atol)
                assert s.status == 0, s.message
                xs.append(np.array([xf(A.T @ s.y[:, i]) for i in range(len(c["times"]))]))
            return xs
        xs = solve_all()
        err = max(float(np.abs(x - e).max()) for x, e in zip(xs, exact))
        res[key] = {**bench(solve_all, warmup=1, runs=P["runs"], max_ms=4000), "err": err}
    out.append(res)
emit({"scipy": scipy.__version__, "problems": out})
`;
const flowMethods = [
  ["lsoda", "LSODA", 1e-12, 1e-15],
  ["radau", "Radau", 1e-10, 1e-13],
];
const flowRef = python(FLOW_PY, {
  problems: flowProblems.map(({ name, A, y, configs }) => ({ name, A, y, configs })),
  methods: flowMethods,
  runs: FLOW_RUNS,
});
for (const p of flowProblems) {
  const solveAll = () =>
    p.configs.map((c) => lib.dlnFlow({ A: p.A, y: p.y, depth: c.D, alpha: c.alpha, times: c.times }));
  let sols = null;
  const project = await timeIt(() => (sols = solveAll()), { warmup: 1, runs: FLOW_RUNS, maxMs: 8000 });
  const rp = flowRef?.problems.find((q) => q.name === p.name);
  let errProject = NaN;
  if (rp) {
    errProject = 0;
    sols.forEach((s, i) =>
      s.x.forEach((x, j) => x.forEach((v, l) => (errProject = Math.max(errProject, Math.abs(v - rp.exact[i][j][l]))))),
    );
  }
  const steps = sols.reduce((s, r) => s + r.steps, 0);
  const rejected = sols.reduce((s, r) => s + r.rejected, 0);
  const m = p.A.length;
  const n = p.A[0].length;
  for (const [key, method, rtol, atol] of flowMethods) {
    const r = rp?.[key];
    const label = `SciPy ${flowRef?.scipy} solve_ivp ${method} (exact Jacobian, rtol ${rtol}, atol ${atol}, t_eval)`;
    results.push(
      row(
        `flow trajectory (dlnFlow), ${p.name} (${m}×${n}), D ∈ {${p.depths}} × α^D ∈ {${flowAlphaDs.map((a) => a.toExponential(0))}}, ` +
          `5 times to 1000·α^(2−D): vs ${method}`,
        project,
        r && { label, ...r },
        `${p.configs.length} trajectories per run, the same dual ODE λ' = c(y − A x(Aᵀλ)) from λ = 0 for both ` +
          `(dlnFlow: ESDIRK5(4), its defaults rtol 1e-10, atol 1e-13 on x; ${steps} steps, ${rejected} rejected); max |x − x_ref| ` +
          `over times and coordinates vs the (a, b) flow by Radau at rtol 2.5e-14 (untimed): dlnFlow ${errProject.toExponential(1)}, ` +
          `${method} ${r ? r.err.toExponential(1) : "–"}`,
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Basis pursuit (HiGHS, WebAssembly) against scipy.optimize.linprog(method="highs") on the same LPs.
// ---------------------------------------------------------------------------------------------------------------
const BP_SEEDS = [1, 2, 3, 4, 5];
const bpSizes = [
  { m: 15, n: 30, k: 3, what: "a phase-diagram cell (n = 30, δ = 0.5, ρ = 0.2)" },
  { m: 20, n: 50, k: 4, what: "notebook 03's recovery problem size" },
  { m: 100, n: 400, k: 20, what: "a larger problem" },
].map((s) => ({ ...s, problems: BP_SEEDS.map((seed) => lib.dlnSparseProblem({ m: s.m, n: s.n, k: s.k, seed })) }));

const LP_PY = String.raw`
import scipy
from scipy.optimize import linprog

def bp(A, y):
    """min ‖x‖₁ s.t. Ax = y as the LP min Σ(p + q) s.t. A(p − q) = y, p, q ≥ 0 (the formulation of basisPursuit)."""
    n = A.shape[1]
    r = linprog(np.ones(2 * n), A_eq=np.hstack((A, -A)), b_eq=y, bounds=(0, None), method="highs")
    assert r.status == 0, r.message
    return r

out = []
for s in P["sizes"]:
    probs = [(np.array(p["A"], dtype=np.float64), np.array(p["y"], dtype=np.float64)) for p in s["problems"]]
    solve_all = lambda: [bp(A, y) for A, y in probs]
    rs = solve_all()
    n = probs[0][0].shape[1]
    out.append({**bench(solve_all, warmup=2, runs=P["runs"], max_ms=3000),
                "objective": [r.fun for r in rs], "x": [(r.x[:n] - r.x[n:]).tolist() for r in rs]})
emit({"scipy": scipy.__version__, "sizes": out})
`;
const bpRef = python(LP_PY, {
  sizes: bpSizes.map((s) => ({ problems: s.problems.map(({ A, y }) => ({ A, y })) })),
  runs: RUNS,
});
for (const [i, s] of bpSizes.entries()) {
  let sols = null;
  const solveAll = async () => {
    const r = [];
    for (const p of s.problems) r.push(await lib.basisPursuit(p.A, p.y));
    return r;
  };
  const project = await timeIt(async () => (sols = await solveAll()), { warmup: 2, runs: RUNS, maxMs: 3000 });
  const r = bpRef?.sizes[i];
  const supErr = (x, p) => Math.max(...x.map((v, j) => Math.abs(v - p.xStar[j])));
  const objGap = r ? Math.max(...sols.map((q, j) => Math.abs(q.objective - r.objective[j]) / r.objective[j])) : NaN;
  const errP = Math.max(...sols.map((q, j) => supErr(q.x, s.problems[j])));
  const errR = r ? Math.max(...r.x.map((x, j) => supErr(x, s.problems[j]))) : NaN;
  results.push(
    row(
      `basis pursuit (basisPursuit, HiGHS wasm), ${s.m}×${s.n}, ${s.k}-sparse x*, ${BP_SEEDS.length} seeds: ${s.what}`,
      project,
      r && { label: `SciPy ${bpRef.scipy} linprog(method="highs"), the same LP`, ...r },
      `${BP_SEEDS.length} LPs per run (A Gaussian N(0, 1/m), dlnSparseProblem seeds ${BP_SEEDS[0]}…${BP_SEEDS.at(-1)}); ` +
        `max relative objective gap ${objGap.toExponential(1)}; max ‖x − x*‖∞: basisPursuit ${errP.toExponential(1)}, ` +
        `linprog ${errR.toExponential(1)}; basisPursuit passes sparse arrays to HiGHS (WebAssembly), presolve off, and ` +
        `polishes x on its support (all timed); linprog passes arrays, HiGHS defaults (presolve on)`,
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// selectedMinimizer (the α → 0 limit: BP, a face LP, Newton on the potential) against the same steps in SciPy.
// ---------------------------------------------------------------------------------------------------------------
const SEL_PY = String.raw`
import scipy
from scipy.optimize import linprog, minimize

def selected(A, y, D):
    m, n = A.shape
    r = linprog(np.ones(2 * n), A_eq=np.hstack((A, -A)), b_eq=y, bounds=(0, None), method="highs")
    x = r.x[:n] - r.x[n:]
    g = A.T @ r.eqlin.marginals
    on = np.abs(x) > 1e-12 * np.abs(x).max()
    if np.sum(np.sign(x[on]) * g[on]) < 0:
        g = -g
    sign = np.where(on, np.sign(x), np.where(np.abs(np.abs(g) - 1) <= 1e-7, np.sign(g), 0.0))
    E = np.flatnonzero(sign)
    k = len(E)
    # which coordinates can be nonzero on the face: max Σw s.t. Σ A_j s_j z_j = τy, z ≥ w, 0 ≤ w ≤ 1 (vars z, w, τ)
    B = A[:, E] * sign[E]
    cost = np.concatenate((np.zeros(k), -np.ones(k), [0.0]))
    Aeq = np.hstack((B, np.zeros((m, k)), -y[:, None]))
    Aub = np.hstack((-np.eye(k), np.eye(k), np.zeros((k, 1))))
    f = linprog(cost, A_ub=Aub, b_ub=np.zeros(k), A_eq=Aeq, b_eq=np.zeros(m),
                bounds=[(0, None)] * k + [(0, 1)] * k + [(0, 1e6)], method="highs")
    if f.status == 0 and f.x[-1] > 0:
        keep = f.x[k:2 * k] > 0.5
        z0 = np.maximum(f.x[:k][keep] / f.x[-1], 1e-300)
    else:
        keep = np.abs(x[E]) > 0
        z0 = np.abs(x[E][keep])
    F = E[keep]; BF = B[:, keep]
    if D == 2:
        pot = lambda z: np.sum(z * np.log(z / np.e)); grad = lambda z: np.log(z)
    else:
        pot = lambda z: np.sum(z - D / 2 * z**(2 / D)); grad = lambda z: 1 - z**(2 / D - 1)
    s = minimize(pot, z0, jac=grad, method="SLSQP", bounds=[(1e-300, None)] * len(F),
                 constraints=[{"type": "eq", "fun": lambda z: BF @ z - y, "jac": lambda z: BF}],
                 options={"ftol": 1e-15, "maxiter": 500})
    out = np.zeros(n); out[F] = sign[F] * s.x
    return out

probs = [(np.array(c["A"], dtype=np.float64), np.array(c["y"], dtype=np.float64)) for c in P["cases"]]
solve_all = lambda: [selected(A, y, D) for A, y in probs for D in P["depths"]]
xs = solve_all()
emit({"scipy": scipy.__version__, "x": [x.tolist() for x in xs],
      **bench(solve_all, warmup=2, runs=P["runs"], max_ms=3000)})
`;
{
  const selRef = python(SEL_PY, { cases, depths, runs: RUNS });
  let sols = null;
  const solveAll = async () => {
    const r = [];
    for (const c of cases) for (const D of depths) r.push(await lib.selectedMinimizer(c.A, c.y, D));
    return r;
  };
  const project = await timeIt(async () => (sols = await solveAll()), { warmup: 2, runs: RUNS, maxMs: 3000 });
  // The line case has a closed form: x = (1 − t, 2(1 − t), 3t) with t = dlnClosedFormT(D).
  const lineErr = (xs) =>
    Math.max(
      ...depths.map((D, i) => {
        const t = lib.dlnClosedFormT(D);
        return Math.max(...[1 - t, 2 * (1 - t), 3 * t].map((v, j) => Math.abs(xs[i][j] - v)));
      }),
    );
  const errP = lineErr(sols.map((s) => s.x));
  const errR = selRef ? lineErr(selRef.x) : NaN;
  const gap = selRef
    ? Math.max(...sols.map((s, i) => Math.max(...s.x.map((v, j) => Math.abs(v - selRef.x[i][j])))))
    : NaN;
  results.push(
    row(
      `selected minimizer (selectedMinimizer), Figure 1 cases × D ∈ {${depths}}: dlnConvergenceSweep's ${sols.length} calls`,
      project,
      selRef && {
        label: `SciPy ${selRef.scipy}: linprog(highs) for basis pursuit and the face LP, minimize(SLSQP) for the potential`,
        ...selRef,
      },
      `the same three steps (basis pursuit with its dual certificate, the LP finding the face's support, the potential ` +
        `Σ g_D minimized on the face; library: HiGHS wasm + equality-constrained Newton); line case vs its closed ` +
        `form t_D (dlnClosedFormT): selectedMinimizer ${errP.toExponential(1)}, SciPy ${errR.toExponential(1)}; max ` +
        `|x_lib − x_SciPy| over all ${sols.length} = ${gap.toExponential(1)}`,
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// dlnClosedFormCheck (mathjs symbolic derivatives of the closed form) against SymPy doing the same check.
// ---------------------------------------------------------------------------------------------------------------
const SYM_PY = String.raw`
import sympy
G, al, Dsym = sympy.symbols("G alpha D")
def forms(D):
    if D == 2:
        return "alpha * exp(2 * G)", "alpha * exp(-2 * G)"
    return ("alpha * (1 - D * (D - 2) * alpha^(D - 2) * G)^(-1 / (D - 2))",
            "alpha * (1 + D * (D - 2) * alpha^(D - 2) * G)^(-1 / (D - 2))")
def closed(D, alpha, u):
    if D == 2:
        return 2 * alpha**2 * np.sinh(u), 2 * alpha**2 * np.cosh(u)
    k = D / (D - 2)
    return (alpha**D * ((1 - u)**-k - (1 + u)**-k), alpha**D * k * ((1 - u)**(-k - 1) + (1 + u)**(-k - 1)))
def check(D, alpha, count=9):
    loc = {"G": G, "alpha": al, "D": Dsym}
    fa, fb = forms(D)
    a = sympy.sympify(fa, locals=loc, convert_xor=True)
    b = sympy.sympify(fb, locals=loc, convert_xor=True)
    x = a**Dsym - b**Dsym
    exprs = [a, b, x, sympy.diff(a, G), sympy.diff(b, G), sympy.diff(x, G)]
    fa_, fb_, fx, fda, fdb, fdx = [sympy.lambdify((G, al, Dsym), e, "numpy") for e in exprs]
    c = 4.0 if D == 2 else D * (D - 2) * alpha**(D - 2)
    reach = 1.5 if D == 2 else 0.9 / c
    g = np.linspace(-reach, reach, count)
    av, bv = fa_(g, alpha, D), fb_(g, alpha, D)
    rel = lambda p, q: np.abs(p - q) / np.maximum(np.abs(q), np.finfo(float).tiny)
    flow = max(rel(fda(g, alpha, D), D * av**(D - 1)).max(), rel(fdb(g, alpha, D), -D * bv**(D - 1)).max())
    xs, dxs = fx(g, alpha, D), fdx(g, alpha, D)
    xl, dxl = closed(D, alpha, c * g)
    xgap = np.where(xs != 0, rel(xl, xs), np.abs(xl)).max()
    dxgap = rel(dxl, dxs / c).max()
    return max(flow, xgap, dxgap)
run = lambda: [check(D, 0.5) for D in P["depths"]]
worst = max(run())
emit({"sympy": sympy.__version__, "worst": worst, **bench(run, warmup=1, runs=P["runs"], max_ms=3000)})
`;
{
  const symRef = python(SYM_PY, { depths, runs: RUNS });
  let checks = null;
  const coldMs = (() => {
    const t = performance.now();
    lib.dlnClosedFormCheck(2, 0.5);
    return performance.now() - t;
  })();
  const project = await timeIt(() => (checks = depths.map((D) => lib.dlnClosedFormCheck(D, 0.5))), {
    warmup: 1,
    runs: RUNS,
    maxMs: 3000,
  });
  const worst = Math.max(...checks.map((r) => Math.max(r.flowResidual, r.xGap, r.dxGap)));
  results.push(
    row(
      `closed-form check (dlnClosedFormCheck, mathjs), D ∈ {${depths}}, α = 0.5: notebook 03's symbolic cell`,
      project,
      symRef && {
        label: `SymPy ${symRef.sympy} (Debian python3): sympify, diff, lambdify, NumPy at the points`,
        ...symRef,
      },
      `the same check (parse the closed forms of a(G), b(G), differentiate symbolically in G, evaluate the flow ` +
        `residual and the gaps to the float64 x(u), dx/du at 9 points); worst residual or gap: mathjs ` +
        `${worst.toExponential(1)}, SymPy ${symRef ? symRef.worst.toExponential(1) : "–"}; warm timings (the first ` +
        `call in this process took ${coldMs.toFixed(0)} ms; SymPy's import, untimed, ~0.3 s)`,
    ),
  );
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

writeResults("diagonal", results);
